package org.ukms.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.ukms.daemon.PeerStatus;
import org.ukms.exec.CommandRunner;
import org.ukms.http.HttpHandler;
import org.ukms.http.HttpReply;
import org.ukms.http.HttpRequest;

/**
 * The admin endpoint's routes: {@code GET /health}, {@code /health/live}, {@code /metrics},
 * {@code /status}; any other path is 404, and another method on these paths 405 with
 * {@code Allow: GET}. Answers are built from one snapshot of the statuses per request.
 */
final class AdminRoutes implements HttpHandler {
  static final String TEXT = "text/plain; charset=utf-8";

  private final AdminSource source;
  private final CommandRunner runner;
  private final ObjectMapper mapper = new ObjectMapper();
  private final ExpositionFormats formats = ExpositionFormats.init();

  AdminRoutes(AdminSource source, CommandRunner runner) {
    this.source = source;
    this.runner = runner;
  }

  @Override
  public HttpReply handle(HttpRequest request) {
    String path = request.rawPath();
    if (!List.of("/health", "/health/live", "/metrics", "/status").contains(path)) {
      return HttpReply.text(404, TEXT, "404 Not Found: try /health, /metrics or /status\n");
    }
    if (!request.method().equals("GET")) {
      return HttpReply.text(405, TEXT, "405 Method Not Allowed\n").withHeader("Allow", "GET");
    }
    switch (path) {
      case "/health/live":
        return HttpReply.text(200, TEXT, "live\n");
      case "/health":
        return health(source.statuses(), source.clock().instant());
      case "/metrics":
        return metrics(request.header("Accept"));
      default:
        return status();
    }
  }

  /** 200 {@code ready} when every peer is healthy; else 503, one line per peer that is not. */
  static HttpReply health(List<PeerStatus> statuses, Instant now) {
    StringBuilder body = new StringBuilder();
    for (PeerStatus s : statuses) {
      if (!s.healthy(now)) {
        body.append(s.peer()).append(": ").append(s.problem(now)).append('\n');
      }
    }
    return body.length() == 0 ? HttpReply.text(200, TEXT, "ready\n")
        : HttpReply.text(503, TEXT, body.toString());
  }

  /** The Prometheus text format 0.0.4, or OpenMetrics 1.0 when the Accept header asks for it. */
  private HttpReply metrics(String accept) {
    ExpositionFormatWriter writer = accept != null
        && accept.contains("application/openmetrics-text")
        ? formats.getOpenMetricsTextFormatWriter() : formats.getPrometheusTextFormatWriter();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, source.registry().scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return HttpReply.text(200, writer.getContentType(), out.toString(
        java.nio.charset.StandardCharsets.UTF_8));
  }

  private HttpReply status() {
    StatusJson json = new StatusJson(mapper, new WireGuardKeys(runner, source.wg()));
    try {
      return HttpReply.json(200, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(
          json.document(source.statuses(), source.skip(), source.qkdLinks(),
              source.clock().instant())) + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
