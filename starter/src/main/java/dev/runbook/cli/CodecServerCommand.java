package dev.runbook.cli;

import dev.runbook.codec.AesGcmPayloadCodec;
import dev.runbook.codec.CodecKeys;
import dev.runbook.connect.TemporalConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook codec-server}: serves {@link CodecServer} until Ctrl-C. */
@Command(name = "codec-server",
    description = "Serve Temporal's codec server protocol so the Temporal UI and CLI can show encrypted payloads decoded.")
final class CodecServerCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "8081", description = "Port (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1",
      description = "Address to listen on (default ${DEFAULT-VALUE}; any other needs env " + CodecServer.TOKEN_ENVIRONMENT_VARIABLE + ")")
  String bind;

  @Option(names = "--ui-origin", defaultValue = "http://localhost:8233", split = ",",
      description = "Browser origins of the Temporal UI allowed to call it (default ${DEFAULT-VALUE})")
  List<String> uiOrigins;

  @Option(names = "--namespace", description = "The namespace it serves (env RUNBOOK_TEMPORAL_NAMESPACE, default 'default')")
  String namespace;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Map<String, String> env = System.getenv();
    CodecKeys keys = CodecKeys.fromEnvironment(env).orElseThrow(() -> new CliException(
        CodecKeys.ENVIRONMENT_VARIABLE + " is not set: without the payload keys there is nothing to decode with"));
    String token = env.get(CodecServer.TOKEN_ENVIRONMENT_VARIABLE);
    String served = namespace != null ? namespace : TemporalConnection.fromEnvironment(env).namespace();
    CodecServer server = CodecServer.start(new AesGcmPayloadCodec(keys), new CodecServer.Settings(
        new InetSocketAddress(bind, port), served, Set.copyOf(uiOrigins), token));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "codec-server-shutdown"));
    spec.commandLine().getOut().println("codec server on http://" + bind + ":" + server.address().getPort()
        + " for namespace " + served + ", UI origins " + uiOrigins + ", "
        + (token != null && !token.isBlank() ? "bearer token required" : "no authorization (loopback only)")
        + "; current key " + keys.currentKeyId() + ". Ctrl-C stops it.");
    stopped.await();
    return 0;
  }
}
