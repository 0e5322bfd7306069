package dev.interpolationlab.api;

/**
 * The JSON body of every error answer of the lab's services that is not a validation error (those are
 * {@link ValidationErrors}, one per offending field): {@code error} a stable code for programs ({@code not-found},
 * {@code bad-request}, {@code finished}, {@code unavailable}, ...), {@code message} a sentence for people.
 */
public record ErrorBody(String error, String message) {
}
