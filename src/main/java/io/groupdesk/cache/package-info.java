/**
 * Caches every node can trust: values kept in a node's memory only while the node is sure to hear of every change to
 * them, and dropped when a write on any node says they changed (PostgreSQL {@code LISTEN/NOTIFY}; on embedded H2 the
 * one process), or all at once when the node cannot be sure it heard everything. It imports only
 * {@code io.groupdesk.shared}; the features whose data it keeps publish their changes to it.
 */
package io.groupdesk.cache;
