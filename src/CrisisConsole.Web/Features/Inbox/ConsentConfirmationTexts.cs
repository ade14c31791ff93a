namespace CrisisConsole.Web.Features.Inbox;

/// <summary>The confirmations of STOP and START, in the three languages the console speaks.</summary>
public static class ConsentConfirmationTexts
{
    public static readonly IReadOnlyDictionary<string, string> OptOut = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "You have been unsubscribed and will receive no more messages from us. Reply START to subscribe again.",
        ["fr"] = "Vous êtes désabonné(e) et ne recevrez plus de messages de notre part. Répondez START pour vous réabonner.",
        ["ar"] = "تم إلغاء اشتراكك ولن تصلك منا رسائل بعد الآن. أرسل START للاشتراك من جديد.",
    };

    public static readonly IReadOnlyDictionary<string, string> OptIn = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "You are subscribed again and will receive our alerts. Reply STOP to unsubscribe.",
        ["fr"] = "Vous êtes de nouveau abonné(e) et recevrez nos alertes. Répondez STOP pour vous désabonner.",
        ["ar"] = "تم تجديد اشتراكك وستصلك تنبيهاتنا. أرسل STOP لإلغاء الاشتراك.",
    };
}
