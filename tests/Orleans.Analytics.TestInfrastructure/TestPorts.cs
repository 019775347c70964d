using System.Net;
using System.Net.Sockets;

namespace Orleans.Analytics.TestInfrastructure;

/// <summary>
/// Free TCP ports for silos and servers the tests start. The operating system may hand out the same ephemeral port
/// twice in a row once its listener closed, and a silo given one port for two endpoints does not start; so no port
/// is handed out twice in one test process.
/// </summary>
public static class TestPorts
{
    private static readonly HashSet<int> s_given = [];

    public static int Free()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (s_given)
            {
                if (s_given.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
