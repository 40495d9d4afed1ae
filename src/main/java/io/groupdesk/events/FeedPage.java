package io.groupdesk.events;

import java.util.List;

/**
 * One page of the change feed.
 *
 * @param events the events, in id order (the order their changes committed)
 * @param position the id of the last event a consumer has now seen: the next page starts after it
 * @param endOfStream whether the page reached the account's latest event
 */
public record FeedPage(List<Event> events, long position, boolean endOfStream) {}
