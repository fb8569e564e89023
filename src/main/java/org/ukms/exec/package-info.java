/**
 * Running other programs: {@link org.ukms.exec.CommandRunner} starts an argument list without a
 * shell, feeds it stdin (the only way a secret may reach a child process), enforces a timeout on
 * the whole process tree and keeps a bounded share of its output.
 */
package org.ukms.exec;
