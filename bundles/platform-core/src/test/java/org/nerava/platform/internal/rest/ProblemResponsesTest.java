package org.nerava.platform.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import javax.ws.rs.ClientErrorException;
import javax.ws.rs.InternalServerErrorException;
import javax.ws.rs.NotAllowedException;
import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.NotSupportedException;
import javax.ws.rs.RedirectionException;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import org.junit.jupiter.api.Test;
import org.nerava.platform.Problem;
import org.nerava.platform.ProblemException;
import org.nerava.platform.http.ProblemJson;

class ProblemResponsesTest {

    @Test
    void aProblemExceptionAnswersWithItsOwnStatusCodeAndProblemJson() {
        Response response = ProblemResponses.toResponse(ProblemException.conflict("slot_taken", "someone was faster"));

        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(response.getMediaType()).hasToString("application/problem+json");
        assertThat(problemOf(response)).isEqualTo(Problem.of(409, "slot_taken", "Conflict", "someone was faster"));
    }

    @Test
    void aProblemExceptionKeepsItsHeadersSuchAsRetryAfter() {
        Response response = ProblemResponses.toResponse(ProblemException.tooManyRequests("otp_rate_limited", "wait", 30));

        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getHeaderString(HttpHeaders.RETRY_AFTER)).isEqualTo("30");
    }

    @Test
    void aProblemExceptionWrappedAsTheCauseOfAnotherExceptionIsStillFound() {
        ProblemException problem = ProblemException.notFound("unknown_merchant", "no merchant m-1");
        RuntimeException wrapped = new IllegalStateException("outer", new RuntimeException("middle", problem));

        Response response = ProblemResponses.toResponse(wrapped);

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(problemOf(response).getCode()).isEqualTo("unknown_merchant");
    }

    @Test
    void aProblemExceptionWinsOverTheJaxRsExceptionWrappingIt() {
        ProblemException problem = ProblemException.unavailable("auth_unavailable", "try later");

        Response response = ProblemResponses.toResponse(new InternalServerErrorException(problem));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(problemOf(response).getCode()).isEqualTo("auth_unavailable");
    }

    @Test
    void jaxRsNotFoundIsA404NotFoundProblem() {
        Response response = ProblemResponses.toResponse(new NotFoundException());

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getMediaType()).hasToString("application/problem+json");
        assertThat(problemOf(response).getCode()).isEqualTo("not_found");
    }

    @Test
    void jaxRsNotAllowedIsA405KeepingTheAllowHeader() {
        Response response = ProblemResponses.toResponse(new NotAllowedException("GET", new String[] {"POST"}));

        assertThat(response.getStatus()).isEqualTo(405);
        assertThat(problemOf(response).getCode()).isEqualTo("method_not_allowed");
        assertThat(response.getHeaderString(HttpHeaders.ALLOW)).contains("GET").contains("POST");
    }

    @Test
    void jaxRsNotSupportedIsA415UnsupportedMediaType() {
        Response response = ProblemResponses.toResponse(new NotSupportedException());

        assertThat(response.getStatus()).isEqualTo(415);
        assertThat(response.getMediaType()).hasToString("application/problem+json");
        assertThat(problemOf(response).getCode()).isEqualTo("unsupported_media_type");
    }

    @Test
    void jaxRsNotAuthorizedKeepsItsChallenge() {
        Response response = ProblemResponses.toResponse(new NotAuthorizedException("Bearer"));

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(problemOf(response).getCode()).isEqualTo("unauthorized");
        assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
    }

    @Test
    void anUnlistedClientErrorKeepsItsStatusAndRetryAfterButNotOtherHeaders() {
        Response original = Response.status(429).header(HttpHeaders.RETRY_AFTER, "7")
                .header("X-Internal-Shard", "db-3").build();

        Response response = ProblemResponses.toResponse(new ClientErrorException(original));

        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(problemOf(response).getCode()).isEqualTo("client_error");
        assertThat(response.getHeaderString(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
        assertThat(response.getHeaders()).doesNotContainKey("X-Internal-Shard");
    }

    @Test
    void aJaxRsExceptionWrappedAsACauseIsStillAnsweredAsItself() {
        Response response = ProblemResponses.toResponse(new RuntimeException("outer", new NotFoundException()));

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(problemOf(response).getCode()).isEqualTo("not_found");
    }

    @Test
    void aRedirectThrownAsAnExceptionIsPassedThroughUnchanged() {
        Response response = ProblemResponses.toResponse(
                new RedirectionException(Response.Status.SEE_OTHER, URI.create("https://app.example/v1/sessions/s-1")));

        assertThat(response.getStatus()).isEqualTo(303);
        assertThat(response.getLocation()).hasToString("https://app.example/v1/sessions/s-1");
    }

    @Test
    void anyOtherExceptionIsA500InternalErrorThatRevealsNothingOfTheFailure() throws Exception {
        RuntimeException bug = new IllegalStateException("jdbc:h2:file:/srv/nerava password=hunter2",
                new NullPointerException("Cannot invoke \"String.length()\""));

        Response response = ProblemResponses.toResponse(bug);

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getMediaType()).hasToString("application/problem+json");
        Problem problem = problemOf(response);
        assertThat(problem.getCode()).isEqualTo("internal_error");
        String body = new String(ProblemJson.bytes(problem), StandardCharsets.UTF_8);
        assertThat(body).doesNotContain("hunter2", "jdbc", "IllegalStateException", "NullPointerException",
                "String.length", "java.", "at org.", "Exception");
    }

    @Test
    void aJaxRsServerErrorIsTreatedAsAnInternalError() {
        Response response = ProblemResponses.toResponse(new InternalServerErrorException("pool exhausted"));

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(problemOf(response).getCode()).isEqualTo("internal_error");
        assertThat(problemOf(response).getDetail()).doesNotContain("pool exhausted");
    }

    @Test
    void aPlainJdbcReadThatCannotConnectIsA503Too() {
        // Stores that read in plain JDBC keep the SQLException as the cause of what they throw.
        Response response = ProblemResponses.toResponse(new IllegalStateException("catalog database: refused",
                new java.sql.SQLException("Connection to 127.0.0.1:5432 refused", "08001")));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(problemOf(response).getCode()).isEqualTo("database_unavailable");
    }

    @Test
    void anUnreachableDatabaseIsA503ToRetryNotA500() {
        Response response = ProblemResponses.toResponse(new javax.persistence.PersistenceException("query failed",
                new java.sql.SQLException("Cannot get a connection, pool error Timeout waiting for idle object")));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(problemOf(response).getCode()).isEqualTo("database_unavailable");
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(problemOf(response).getDetail()).doesNotContain("pool");
    }

    @Test
    void aConstraintViolationIsABugAndStaysA500() {
        Response response = ProblemResponses.toResponse(new javax.persistence.PersistenceException("insert failed",
                new java.sql.SQLException("Unique index or primary key violation", "23505")));

        assertThat(response.getStatus()).isEqualTo(500);
    }

    @Test
    void aCauseChainThatLoopsBackOnItselfStillGetsAnAnswer() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        Response response = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> ProblemResponses.toResponse(first));

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(problemOf(response).getCode()).isEqualTo("internal_error");
    }

    @Test
    void responseSetsEveryGivenHeader() {
        Response response = ProblemResponses.response(Problem.of(503, "busy", "Service unavailable", null),
                Map.of(HttpHeaders.RETRY_AFTER, "5", "X-Request-Id", "r-1"));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(response.getHeaderString("X-Request-Id")).isEqualTo("r-1");
    }

    @Test
    void theThrowableMapperAnswersThroughProblemResponses() {
        Response response = new ProblemMapper().toResponse(new IllegalArgumentException("boom"));

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(problemOf(response).getCode()).isEqualTo("internal_error");
    }

    @Test
    void theWebApplicationMapperAnswersRuntimeRejectionsWithProblems() {
        Response response = new WebApplicationProblemMapper().toResponse(new NotAllowedException("GET"));

        assertThat(response.getStatus()).isEqualTo(405);
        assertThat(response.getMediaType()).hasToString("application/problem+json");
        assertThat(response.getHeaderString(HttpHeaders.ALLOW)).isEqualTo("GET");
    }

    private static Problem problemOf(Response response) {
        assertThat(response.getEntity()).isInstanceOf(Problem.class);
        return (Problem) response.getEntity();
    }
}
