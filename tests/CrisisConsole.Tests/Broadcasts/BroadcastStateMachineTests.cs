using CrisisConsole.Web.Features.Broadcasts;

namespace CrisisConsole.Tests.Broadcasts;

public sealed class BroadcastStateMachineTests
{
    [Theory]
    [InlineData(BroadcastState.Draft, BroadcastState.PendingApproval)]
    [InlineData(BroadcastState.Draft, BroadcastState.Cancelled)]
    [InlineData(BroadcastState.PendingApproval, BroadcastState.Approved)]
    [InlineData(BroadcastState.PendingApproval, BroadcastState.Rejected)]
    [InlineData(BroadcastState.Rejected, BroadcastState.Draft)]
    [InlineData(BroadcastState.Approved, BroadcastState.Sending)]
    [InlineData(BroadcastState.Sending, BroadcastState.Paused)]
    [InlineData(BroadcastState.Paused, BroadcastState.Sending)]
    [InlineData(BroadcastState.Sending, BroadcastState.Completed)]
    public void An_allowed_transition_passes(BroadcastState from, BroadcastState to)
    {
        BroadcastStateMachine.EnsureCanTransition(new Broadcast { State = from }, to);
        Assert.True(BroadcastStateMachine.CanTransition(from, to));
    }

    [Theory]
    [InlineData(BroadcastState.Draft, BroadcastState.Approved)]
    [InlineData(BroadcastState.Rejected, BroadcastState.Approved)]
    [InlineData(BroadcastState.Approved, BroadcastState.Approved)]
    [InlineData(BroadcastState.Approved, BroadcastState.Rejected)]
    [InlineData(BroadcastState.Completed, BroadcastState.Sending)]
    [InlineData(BroadcastState.Cancelled, BroadcastState.Draft)]
    public void A_forbidden_transition_is_a_wrong_state_refusal(BroadcastState from, BroadcastState to)
    {
        var refused = Assert.Throws<BroadcastRuleException>(() => BroadcastStateMachine.EnsureCanTransition(new Broadcast { Id = 7, State = from }, to));

        Assert.Equal(BroadcastRuleViolation.WrongState, refused.Violation);
        Assert.Contains("Broadcast 7", refused.Message);
    }

    [Theory]
    [InlineData("user:alice", "user:alice", true)]
    [InlineData("apikey:3", "apikey:3", true)]
    [InlineData("user:alice", "user:bob", false)]
    [InlineData("apikey:3", "apikey:4", false)]
    [InlineData("apikey:3", "user:3", false)]
    public void Only_someone_other_than_the_author_may_decide(string author, string decider, bool refused)
    {
        var broadcast = new Broadcast { CreatedById = author, State = BroadcastState.PendingApproval };

        var exception = Record.Exception(() => BroadcastStateMachine.EnsureNotAuthor(broadcast, decider));

        Assert.Equal(refused, exception is BroadcastRuleException { Violation: BroadcastRuleViolation.OwnBroadcast });
    }

    [Fact]
    public void People_and_keys_get_author_ids_of_their_own_kind()
    {
        Assert.Equal("user:abc", BroadcastAuthor.IdOf(new Web.Features.Audit.AuditActor("abc", "Alice")));
        Assert.Equal("apikey:12", BroadcastAuthor.IdOf(new Web.Features.Audit.AuditActor("apikey:12", "API key monitor")));
    }

    [Fact]
    public void The_wire_name_of_pending_approval_has_an_underscore()
    {
        Assert.Equal("pending_approval", BroadcastStateMachine.ToWire(BroadcastState.PendingApproval));
        Assert.Equal("approved", BroadcastStateMachine.ToWire(BroadcastState.Approved));
    }
}
