/**
 * The composition root ({@link org.ukms.daemon.Daemon}), the {@link org.ukms.daemon.Scheduler},
 * the per-peer sessions behind one {@link org.ukms.daemon.PeerSession} model that carry out the
 * rotation core's decisions, what each PSK is applied to (file, WireGuard with retries, hooks),
 * rotation statistics, systemd readiness, the start banner, logging setup (text or JSON lines,
 * {@link org.ukms.daemon.LogFormat}) and {@link org.ukms.daemon.Demo}, the engine of {@code ukms
 * demo} with the copy of {@code example/} it ships.
 *
 * <p>The only package that constructs concrete I/O classes. May import every package but {@code
 * cli}. Threads: see docs/threads.md.
 */
package org.ukms.daemon;
