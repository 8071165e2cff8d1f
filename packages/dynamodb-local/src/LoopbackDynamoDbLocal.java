// Starts DynamoDB Local listening on 127.0.0.1 only. DynamoDB Local has no option for the address
// (only -port), and its Jetty server listens on every interface, which on a venue's Wi-Fi is an
// open, unauthenticated database. So this builds the server exactly as DynamoDB Local's own main
// does, from the same command-line options, and sets the host of its Jetty connector before it
// starts. Run with the JDK's source launcher (JEP 330): `java -cp DynamoDBLocal.jar <this file> ...`.
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDbLocal {
  private static final String LOOPBACK = "127.0.0.1";

  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    // The Jetty server is private and has no accessor; its connectors are public Jetty API.
    Field serverField = DynamoDBProxyServer.class.getDeclaredField("server");
    serverField.setAccessible(true);
    Server server = (Server) serverField.get(proxy);
    Connector[] connectors = server.getConnectors();
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local built a server without a connector");
    for (Connector connector : connectors) {
      if (!(connector instanceof ServerConnector)) {
        throw new IllegalStateException("DynamoDB Local's connector cannot be bound to an address: " + connector);
      }
      ((ServerConnector) connector).setHost(LOOPBACK);
    }
    proxy.start();
  }
}
