package org.nerava.platform.internal.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nerava.platform.Problem;

class EdgeRulesTest {

    @Test
    void anOrdinaryRequestGoesOn() {
        assertThat(EdgeRules.refusal("POST", "/v1/auth/otp/start", "a=1&b=%20", "application/json; charset=UTF-8"))
                .isNull();
        assertThat(EdgeRules.refusal("GET", "/app/", null, null)).isNull();
        assertThat(EdgeRules.refusal("PATCH", "/v1/x", null, "application/json")).isNull();
    }

    @Test
    void traceAndWebDavMethodsAre405WithTheMethodsTheServerKnows() {
        for (String method : new String[] {"TRACE", "TRACK", "PROPFIND", "CONNECT", "FOO"}) {
            Problem problem = EdgeRules.refusal(method, "/healthz", null, null);
            assertThat(problem.getStatus()).as(method).isEqualTo(405);
            assertThat(problem.getCode()).isEqualTo("method_not_allowed");
            assertThat(EdgeRules.headersOf(problem)).containsEntry("Allow", EdgeRules.ALLOWED_ANYWHERE);
        }
    }

    @Test
    void malformedEscapesInThePathOrTheQueryAre400() {
        for (String[] uri : new String[][] {{"/v1/merchants/%u002e", null}, {"/healthz%u002e", null},
                {"/v1/%zz", null}, {"/v1/a%", null}, {"/v1/merchants", "x=%zz"}, {"/readyz", "%u=1"}}) {
            Problem problem = EdgeRules.refusal("GET", uri[0], uri[1], null);
            assertThat(problem).as(uri[0] + "?" + uri[1]).isNotNull();
            assertThat(problem.getStatus()).isEqualTo(400);
            assertThat(problem.getCode()).isEqualTo("malformed_uri");
        }
    }

    @Test
    void anUnknownOrIllegalCharsetIs415WhateverTheMethod() {
        for (String type : new String[] {"text/plain; charset=nonsense", "application/json;charset=\"x y\"",
                "application/json; CHARSET=utf-99", "application/json; charset="}) {
            for (String method : new String[] {"GET", "POST", "DELETE"}) {
                Problem problem = EdgeRules.refusal(method, "/healthz", null, type);
                assertThat(problem).as(method + " " + type).isNotNull();
                assertThat(problem.getStatus()).isEqualTo(415);
                assertThat(problem.getCode()).isEqualTo("unsupported_charset");
            }
        }
    }

    @Test
    void knownCharsetsInAnyCaseAndQuotedPass() {
        assertThat(EdgeRules.refusal("POST", "/x", null, "application/json; charset=\"utf-8\"")).isNull();
        assertThat(EdgeRules.refusal("POST", "/x", null, "text/plain;Charset=ISO-8859-1")).isNull();
    }
}
