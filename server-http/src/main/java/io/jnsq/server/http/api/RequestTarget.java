package io.jnsq.server.http.api;

/**
 * The request line's target split as Go's server does: the unescaped path the router matches, and the
 * raw query that handlers parse when (and if) they need it.
 *
 * @param rawQuery {@code ""} when the target has no query
 */
public record RequestTarget(String path, String rawQuery) {

    /** @throws IllegalArgumentException for a target Go's server answers with 400 Bad Request */
    public static RequestTarget parse(String uri) {
        String target = uri;
        if (!target.startsWith("/")) {
            // absolute form (a proxy-style request line): keep the path and query
            int scheme = target.indexOf("://");
            if (scheme < 0) {
                throw new IllegalArgumentException("invalid request target \"" + uri + "\"");
            }
            int pathStart = target.indexOf('/', scheme + 3);
            int queryStart = target.indexOf('?', scheme + 3);
            if (pathStart < 0 || (queryStart >= 0 && queryStart < pathStart)) {
                target = "/" + (queryStart < 0 ? "" : target.substring(queryStart));
            } else {
                target = target.substring(pathStart);
            }
        }
        int fragment = target.indexOf('#');
        if (fragment >= 0) {
            target = target.substring(0, fragment);
        }
        int question = target.indexOf('?');
        String rawPath = question < 0 ? target : target.substring(0, question);
        String rawQuery = question < 0 ? "" : target.substring(question + 1);
        return new RequestTarget(UrlEscapes.unescape(rawPath, false), rawQuery);
    }
}
