/**
 * Signed webhooks: a book owner registers a URL and the server POSTs the book's events to it.
 *
 * <p>{@link io.quire.server.webhooks.WebhookDispatcher} is the entry point: the document pipeline calls
 * {@code chapterChanged} for every committed op and other parts of the server call {@code publish}; both only hand
 * the work over and return, so editing is never blocked or slowed by a receiver. Each hook has its own ordered,
 * bounded queue with retries, so a slow or dead receiver delays only itself. The wire format (JSON body and headers)
 * is in {@link io.quire.server.webhooks.WebhookEvent} and {@link io.quire.server.webhooks.WebhookDispatcher}; the
 * signature a receiver checks is in {@link io.quire.server.webhooks.WebhookSignature}.
 */
package io.quire.server.webhooks;
