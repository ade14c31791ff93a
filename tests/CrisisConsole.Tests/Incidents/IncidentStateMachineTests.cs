using CrisisConsole.Web.Features.Incidents;

namespace CrisisConsole.Tests.Incidents;

public sealed class IncidentStateMachineTests
{
    [Theory]
    [InlineData(IncidentState.Open, IncidentState.Monitoring)]
    [InlineData(IncidentState.Open, IncidentState.Resolved)]
    [InlineData(IncidentState.Monitoring, IncidentState.Resolved)]
    [InlineData(IncidentState.Monitoring, IncidentState.Open)]
    [InlineData(IncidentState.Resolved, IncidentState.Closed)]
    [InlineData(IncidentState.Resolved, IncidentState.Open)]
    public void These_transitions_are_allowed(IncidentState from, IncidentState to) => Assert.True(IncidentStateMachine.CanTransition(from, to));

    [Theory]
    [InlineData(IncidentState.Open, IncidentState.Closed)]
    [InlineData(IncidentState.Monitoring, IncidentState.Closed)]
    [InlineData(IncidentState.Resolved, IncidentState.Monitoring)]
    [InlineData(IncidentState.Open, IncidentState.Open)]
    public void These_transitions_are_refused(IncidentState from, IncidentState to) => Assert.False(IncidentStateMachine.CanTransition(from, to));

    [Fact]
    public void Closed_is_final() =>
        Assert.All(Enum.GetValues<IncidentState>(), to => Assert.False(IncidentStateMachine.CanTransition(IncidentState.Closed, to)));

    [Fact]
    public void Reminders_run_while_open_or_monitoring_only()
    {
        Assert.True(IncidentStateMachine.IsActive(IncidentState.Open));
        Assert.True(IncidentStateMachine.IsActive(IncidentState.Monitoring));
        Assert.False(IncidentStateMachine.IsActive(IncidentState.Resolved));
        Assert.False(IncidentStateMachine.IsActive(IncidentState.Closed));
    }

    [Theory]
    [InlineData("minor", IncidentSeverity.Minor)]
    [InlineData("Major", IncidentSeverity.Major)]
    [InlineData(" critical ", IncidentSeverity.Critical)]
    public void Severities_are_read_without_regard_to_case(string text, IncidentSeverity expected)
    {
        Assert.True(IncidentStateMachine.TryParseSeverity(text, out var severity));
        Assert.Equal(expected, severity);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("severe")]
    [InlineData("")]
    public void Other_severities_are_refused(string text) => Assert.False(IncidentStateMachine.TryParseSeverity(text, out _));
}
