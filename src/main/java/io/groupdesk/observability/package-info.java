/**
 * What operators see of a running node: health probes ({@code /actuator/health}, with Spring Boot's response shapes
 * and status codes), Prometheus metrics ({@code /actuator/prometheus}), request ids and the access log, and the JSON
 * log format. It knows nothing of the dialects but their names, and nothing of the core but the database's pool.
 */
package io.groupdesk.observability;
