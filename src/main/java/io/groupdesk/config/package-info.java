/** Configuration read from the environment, and the wiring of the database: pool, migrations and Jdbi. */
package io.groupdesk.config;
