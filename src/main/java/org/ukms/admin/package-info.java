/**
 * The admin endpoint: a local HTTP listener, apart from the peer API, on a Unix socket (by
 * default {@code <state_dir>/admin.sock}) or a loopback port ({@code admin_listen}). It answers
 * {@code GET /health} and {@code /health/live}, {@code /metrics} (Prometheus text format, or
 * OpenMetrics when asked) and {@code /status} (JSON per peer), from immutable
 * {@link org.ukms.daemon.PeerStatus} snapshots that an {@link org.ukms.admin.AdminSource} gives;
 * and {@link org.ukms.admin.AdminClient}, the small client behind {@code ukms status}.
 * Fingerprints only: no PSK leaves this package, and the {@code wg show} output it parses is
 * never logged or echoed.
 *
 * <p>May import {@code daemon} (its snapshot records and fingerprints), {@code config},
 * {@code exec}, {@code http}, {@code crypto}, Jackson and the Prometheus client; never {@code cli},
 * {@code kme}, {@code peer}, {@code sim} or {@code sink}. The daemon starts it (see
 * {@link org.ukms.admin.AdminServer#start}).
 */
package org.ukms.admin;
