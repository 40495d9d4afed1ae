/**
 * The command line: picocli commands that open the same database as the server and call the core (and the Zendesk
 * dialect's page files for export and import). Parsing arguments and printing live here; rules do not.
 */
package io.groupdesk.cli;
