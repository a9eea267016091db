package io.jnsq.server.http;

import io.jnsq.server.http.api.ApiError;
import io.jnsq.server.http.api.ApiHandler;
import io.jnsq.server.http.api.ApiResponse;
import io.jnsq.server.http.api.BodyLimit;
import io.jnsq.server.http.api.Execution;
import io.jnsq.server.http.api.ResponseFormat;
import io.jnsq.server.http.api.Route;
import io.netty.handler.codec.http.HttpMethod;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds the route for a request the way nsqd's router (httprouter) does: exact match; else, for a
 * method that has routes, a redirect to the path with its trailing slash toggled or to the cleaned,
 * case-corrected path (301 for GET, 307 otherwise); else {@code OPTIONS} answered with {@code Allow};
 * else 405 with {@code Allow} when another method has the path; else 404. HEAD is a method of its own.
 */
final class Router {

    /** A route to run, with the values of its {@code :name} path segments. */
    record Dispatch(Route route, Map<String, String> params) {
    }

    private final Map<String, List<Route>> byMethod = new LinkedHashMap<>();

    Router(List<Route> routes) {
        for (Route route : routes) {
            byMethod.computeIfAbsent(route.method().name(), method -> new ArrayList<>()).add(route);
        }
    }

    /**
     * @param path     the unescaped path
     * @param rawQuery kept on redirects
     */
    Dispatch resolve(HttpMethod method, String path, String rawQuery) {
        List<Route> routes = byMethod.get(method.name());
        if (routes != null) {
            Dispatch exact = match(routes, path, false);
            if (exact != null) {
                return exact;
            }
            if (!method.equals(HttpMethod.CONNECT) && !path.equals("/")) {
                String redirect = trailingSlashToggled(routes, path);
                if (redirect == null) {
                    redirect = caseCorrected(routes, cleanPath(path));
                }
                if (redirect != null) {
                    return redirect(method, path, rawQuery.isEmpty() ? redirect : redirect + "?" + rawQuery);
                }
            }
        }
        String allow = allowed(path, method.name());
        if (method.equals(HttpMethod.OPTIONS)) {
            if (!allow.isEmpty()) {
                return synthetic(method, path, ResponseFormat.PLAIN_TEXT, false,
                        request -> new ApiResponse(200, null, new byte[0], Map.of("Allow", allow)));
            }
        } else if (!allow.isEmpty()) {
            return synthetic(method, path, ResponseFormat.V1, true, request -> {
                throw new ApiError(405, "METHOD_NOT_ALLOWED", Map.of("Allow", allow));
            });
        }
        return synthetic(method, path, ResponseFormat.V1, true, request -> {
            throw new ApiError(404, "NOT_FOUND");
        });
    }

    private static Dispatch match(List<Route> routes, String path, boolean ignoreCase) {
        String[] segments = path.split("/", -1);
        for (Route route : routes) {
            Map<String, String> params = matchSegments(route.path().split("/", -1), segments, ignoreCase);
            if (params != null) {
                return new Dispatch(route, params);
            }
        }
        return null;
    }

    /** The parameters if the path fits the pattern, else {@code null}. A parameter never matches "". */
    private static Map<String, String> matchSegments(String[] pattern, String[] path, boolean ignoreCase) {
        if (pattern.length != path.length) {
            return null;
        }
        Map<String, String> params = Map.of();
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].startsWith(":")) {
                if (path[i].isEmpty()) {
                    return null;
                }
                params = params.isEmpty() ? new LinkedHashMap<>() : params;
                params.put(pattern[i].substring(1), path[i]);
            } else if (ignoreCase ? !pattern[i].equalsIgnoreCase(path[i]) : !pattern[i].equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String trailingSlashToggled(List<Route> routes, String path) {
        String toggled = path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/";
        return match(routes, toggled, false) != null ? toggled : null;
    }

    /** The route's own spelling of a path that matches it ignoring case (and a trailing slash). */
    private static String caseCorrected(List<Route> routes, String path) {
        String[] candidates = {path, path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/"};
        for (String candidate : candidates) {
            Dispatch found = match(routes, candidate, true);
            if (found != null) {
                String[] pattern = found.route().path().split("/", -1);
                String[] actual = candidate.split("/", -1);
                for (int i = 0; i < pattern.length; i++) {
                    if (!pattern[i].startsWith(":")) {
                        actual[i] = pattern[i];
                    }
                }
                return String.join("/", actual);
            }
        }
        return null;
    }

    /** httprouter's {@code CleanPath}: one leading slash, no empty, {@code .} or {@code ..} segments; a trailing slash kept. */
    static String cleanPath(String path) {
        if (path.isEmpty()) {
            return "/";
        }
        Deque<String> kept = new ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                kept.pollLast();
            } else {
                kept.addLast(segment);
            }
        }
        String cleaned = "/" + String.join("/", kept);
        boolean trailingSlash = path.endsWith("/") || path.endsWith("/.") || path.endsWith("/..");
        return trailingSlash && cleaned.length() > 1 ? cleaned + "/" : cleaned;
    }

    /** Methods other than {@code method} with a route for exactly this path, plus OPTIONS, sorted. */
    private String allowed(String path, String method) {
        TreeSet<String> allowed = new TreeSet<>();
        for (Map.Entry<String, List<Route>> entry : byMethod.entrySet()) {
            String candidate = entry.getKey();
            if (!candidate.equals(method) && !candidate.equals(HttpMethod.OPTIONS.name())
                    && match(entry.getValue(), path, false) != null) {
                allowed.add(candidate);
            }
        }
        if (allowed.isEmpty()) {
            return "";
        }
        allowed.add(HttpMethod.OPTIONS.name());
        return String.join(", ", allowed);
    }

    /** Go's {@code http.Redirect}: a GET gets a tiny HTML body, other methods none. */
    private static Dispatch redirect(HttpMethod method, String path, String location) {
        boolean get = method.equals(HttpMethod.GET);
        int status = get ? 301 : 307;
        String contentType = get ? "text/html; charset=utf-8" : null;
        byte[] body = get ? ("<a href=\"" + htmlEscape(location) + "\">Moved Permanently</a>.\n\n")
                .getBytes(StandardCharsets.UTF_8) : new byte[0];
        return synthetic(method, path, ResponseFormat.PLAIN_TEXT, false,
                request -> new ApiResponse(status, contentType, body, Map.of("Location", location)));
    }

    private static String htmlEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&#34;").replace("'", "&#39;");
    }

    /** The router's own answers (redirects, OPTIONS, 404, 405): constant, so given on the event loop. */
    private static Dispatch synthetic(HttpMethod method, String path, ResponseFormat format, boolean logged,
                                      ApiHandler handler) {
        return new Dispatch(new Route(method, path, format, BodyLimit.IGNORED, logged, Execution.EVENT_LOOP, handler), Map.of());
    }
}
