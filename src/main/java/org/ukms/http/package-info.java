/**
 * Small helpers for the JDK HTTP server, shared by the peer API ({@code peer}) and the simulated
 * KMEs ({@code sim}), which may not import each other.
 *
 * <p>Imports only the JDK; never another ukms package.
 */
package org.ukms.http;
