using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Components;

namespace CrisisConsole.Web.Features.Accounts.Pages;

public partial class ChangePassword
{
    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm]
    private PasswordInput Input { get; set; } = new();

    private UserChangeResult? result;

    private async Task ChangeAsync()
    {
        result = await PasswordChange.ChangeAsync(HttpContext.User, Input.CurrentPassword, Input.NewPassword, HttpContext.RequestAborted);
        // Never send a password back to the browser in the re-rendered form.
        Input = new PasswordInput();
    }

    private sealed class PasswordInput
    {
        [Required(ErrorMessage = "Enter your current password.")]
        [MaxLength(256)]
        public string CurrentPassword { get; set; } = "";

        [Required(ErrorMessage = "Enter a new password.")]
        [MaxLength(256)]
        public string NewPassword { get; set; } = "";

        [Required(ErrorMessage = "Enter the new password again.")]
        [Compare(nameof(NewPassword), ErrorMessage = "The two new passwords differ.")]
        public string ConfirmPassword { get; set; } = "";
    }
}
