package org.nerava.rest.internal.json;

import java.util.stream.Collectors;

import org.nerava.platform.ProblemException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Turns Jackson's reading failures into problems a client can act on, naming the field and never echoing Java
 * class names or the offending body.
 */
final class JsonProblems {

    private JsonProblems() {
    }

    static RuntimeException fromJackson(JsonProcessingException e) {
        // A request DTO refused its own content (ProblemException.requireField and friends), or the body stream refused
        // the body (platform-core's limit: too large, cut short, stopped arriving): Jackson wraps either with the path
        // it was reading, and the problem is the one raised.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ProblemException) {
                return (ProblemException) cause;
            }
        }
        if (e instanceof JsonMappingException) {
            JsonMappingException mapping = (JsonMappingException) e;
            String field = fieldPath(mapping);
            if (e instanceof InvalidNullException || String.valueOf(e.getOriginalMessage()).startsWith("Missing required")) {
                return ProblemException.badRequest("missing_field", "field '" + field + "' is required");
            }
            if (e instanceof MismatchedInputException && !field.isEmpty()) {
                return ProblemException.badRequest("invalid_field", "field '" + field + "' has the wrong type or format");
            }
            if (e instanceof MismatchedInputException) {
                return ProblemException.badRequest("invalid_body", "the JSON body does not have the expected shape");
            }
        }
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return ProblemException.badRequest("malformed_json", "the request body is not valid JSON" + where);
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
