namespace CrisisConsole.GatewaySimulator;

public static class SimulatorProgram
{
    public static void Main(string[] args) { }
}
