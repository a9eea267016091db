package io.jnsq.server.http;

import io.jnsq.server.http.api.ApiError;
import io.jnsq.server.http.api.ApiRequest;
import io.jnsq.server.http.api.ApiResponse;
import io.jnsq.server.http.api.BodyLimit;
import io.jnsq.server.http.api.Execution;
import io.jnsq.server.http.api.RequestTarget;
import io.jnsq.server.http.api.ResponseFormat;
import io.jnsq.server.http.api.Route;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

class RouterTest {

    private final Route ping = route(HttpMethod.GET, "/ping");
    private final Route pub = route(HttpMethod.POST, "/pub");
    private final Route getConfig = route(HttpMethod.GET, "/config/:opt");
    private final Route putConfig = route(HttpMethod.PUT, "/config/:opt");
    private final Route debugIndex = route(HttpMethod.GET, "/debug/pprof/");
    private final Router router = new Router(List.of(ping, pub, getConfig, putConfig, debugIndex));

    @Test
    void exactPathAndMethodFindTheRoute() {
        assertSame(ping, router.resolve(HttpMethod.GET, "/ping", "").route());
        assertSame(pub, router.resolve(HttpMethod.POST, "/pub", "").route());
    }

    @Test
    void parameterSegmentsAreCaptured() {
        Router.Dispatch dispatch = router.resolve(HttpMethod.PUT, "/config/log_level", "");
        assertSame(putConfig, dispatch.route());
        assertEquals(Map.of("opt", "log_level"), dispatch.params());
    }

    @Test
    void unknownPathIsNotFound() {
        assertError(404, "NOT_FOUND", null, HttpMethod.GET, "/nope");
        // a parameter never matches an empty segment
        assertError(404, "NOT_FOUND", null, HttpMethod.GET, "/config/");
    }

    @Test
    void knownPathWithAnotherMethodIsMethodNotAllowedWithSortedAllow() {
        assertError(405, "METHOD_NOT_ALLOWED", "GET, OPTIONS", HttpMethod.POST, "/ping");
        assertError(405, "METHOD_NOT_ALLOWED", "GET, OPTIONS, PUT", HttpMethod.DELETE, "/config/x");
        assertError(405, "METHOD_NOT_ALLOWED", "OPTIONS, POST", HttpMethod.GET, "/pub");
    }

    @Test
    void headIsNotGet() {
        assertError(405, "METHOD_NOT_ALLOWED", "GET, OPTIONS", HttpMethod.HEAD, "/ping");
    }

    @Test
    void optionsAnswersTheAllowedMethods() throws ApiError {
        ApiResponse answer = run(router.resolve(HttpMethod.OPTIONS, "/config/x", ""));
        assertEquals(200, answer.status());
        assertEquals(Map.of("Allow", "GET, OPTIONS, PUT"), answer.headers());
        assertEquals(0, answer.body().length);
        assertError(404, "NOT_FOUND", null, HttpMethod.OPTIONS, "/nope");
    }

    @Test
    void trailingSlashRedirectsPermanentlyForGetAndTemporarilyOtherwise() throws ApiError {
        assertRedirect(301, "/ping?a=1", HttpMethod.GET, "/ping/", "a=1");
        assertRedirect(301, "/debug/pprof/", HttpMethod.GET, "/debug/pprof", "");
        assertRedirect(307, "/pub", HttpMethod.POST, "/pub/", "");
        assertRedirect(307, "/config/x", HttpMethod.PUT, "/config/x/", "");
    }

    @Test
    void caseAndDotSegmentsAreCorrectedByRedirect() throws ApiError {
        assertRedirect(301, "/ping", HttpMethod.GET, "/PING", "");
        assertRedirect(301, "/config/MixedCase", HttpMethod.GET, "/CONFIG/MixedCase", "");
        assertRedirect(307, "/pub", HttpMethod.POST, "//x/../Pub", "");
    }

    @Test
    void noRedirectForAMethodWithoutRoutes() {
        assertError(404, "NOT_FOUND", null, HttpMethod.DELETE, "/ping/");
    }

    @Test
    void cleanPathFollowsHttprouter() {
        assertEquals("/", Router.cleanPath(""));
        assertEquals("/a/c", Router.cleanPath("a//b/../c"));
        assertEquals("/a/", Router.cleanPath("/a/./"));
        assertEquals("/", Router.cleanPath("/../.."));
    }

    private void assertRedirect(int status, String location, HttpMethod method, String path, String query) throws ApiError {
        ApiResponse answer = run(router.resolve(method, path, query));
        assertEquals(status, answer.status());
        assertEquals(location, answer.headers().get("Location"));
    }

    private void assertError(int status, String message, String allow, HttpMethod method, String path) {
        Router.Dispatch dispatch = router.resolve(method, path, "");
        assertEquals(ResponseFormat.V1, dispatch.route().format());
        try {
            run(dispatch);
            fail("expected " + status);
        } catch (ApiError e) {
            assertEquals(status + " " + message, e.status() + " " + e.getMessage());
            assertEquals(allow, e.headers().get("Allow"));
        }
    }

    private static ApiResponse run(Router.Dispatch dispatch) throws ApiError {
        return dispatch.route().handler().handle(new ApiRequest(RequestTarget.parse("/"), dispatch.params(), -1,
                Unpooled.EMPTY_BUFFER, false));
    }

    private static Route route(HttpMethod method, String path) {
        return new Route(method, path, ResponseFormat.V1, BodyLimit.IGNORED, true, Execution.WORKER, request -> ApiResponse.ok());
    }
}
