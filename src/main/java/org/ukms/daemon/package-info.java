/**
 * The composition root ({@link org.ukms.daemon.Daemon}), the {@link org.ukms.daemon.Scheduler},
 * per-peer sessions that carry out the rotation core's decisions, what each PSK is applied to
 * (file, WireGuard with retries, hooks), systemd readiness, and logging setup.
 *
 * <p>The only package that constructs concrete I/O classes. May import every package but {@code
 * cli}. Threads: see docs/threads.md.
 */
package org.ukms.daemon;
