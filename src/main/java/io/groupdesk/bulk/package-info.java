/**
 * Bulk import: reading an {@link io.groupdesk.bulk.ImportSet}, matching its rows to stored ones by natural key (so a
 * second run changes nothing), batching, progress and outcomes; every write goes through the bulk operations of the
 * core services, and this package touches no table. Reads no wire format itself: a dialect adapter turns files into
 * an import set. Imports {@code access}, {@code agents}, {@code groups}, {@code memberships} and {@code shared};
 * nothing from {@code api..}.
 */
package io.groupdesk.bulk;
