package org.nerava.rest.internal.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import javax.ws.rs.Consumes;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.ext.MessageBodyReader;
import javax.ws.rs.ext.MessageBodyWriter;

import org.nerava.platform.Problem;
import org.nerava.platform.ProblemException;
import org.nerava.platform.http.ProblemJson;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsMediaType;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads and writes every JSON body of every Nerava resource with one {@link ObjectMapper} (snake_case on the wire).
 * Registered with the media type {@code application/json}, which is what {@code @JSONRequired} resources wait for.
 */
@Component(service = {MessageBodyReader.class, MessageBodyWriter.class})
@JaxrsExtension
@JaxrsName("nerava.json")
@JaxrsMediaType(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
@Produces({MediaType.APPLICATION_JSON, "application/*+json"})
public class JsonProvider implements MessageBodyReader<Object>, MessageBodyWriter<Object> {

    private final ObjectMapper mapper = JsonMapping.MAPPER;

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isJson(mediaType) && handles(type);
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        PushbackInputStream body = new PushbackInputStream(entityStream, 1);
        int first = body.read();
        if (first == -1) {
            throw ProblemException.badRequest("missing_body", "this request needs a JSON body");
        }
        body.unread(first);
        Object value;
        try {
            value = mapper.readValue(body, mapper.constructType(genericType));
        } catch (JsonProcessingException e) {
            throw JsonProblems.fromJackson(e);
        }
        if (value == null) {
            // A literal JSON null would hand the resource a null DTO, skipping its compact constructor's checks.
            throw ProblemException.badRequest("missing_body", "this request needs a JSON body");
        }
        return value;
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isJson(mediaType) && handles(type);
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream) throws IOException {
        if (value instanceof Problem) {
            entityStream.write(ProblemJson.bytes((Problem) value)); // the one writer of problem bodies
        } else {
            mapper.writeValue(entityStream, value);
        }
    }

    private static boolean isJson(MediaType mediaType) {
        if (mediaType == null) {
            return false;
        }
        String subtype = mediaType.getSubtype();
        return "application".equals(mediaType.getType()) && ("json".equals(subtype) || subtype.endsWith("+json"));
    }

    /** Raw bodies (strings, bytes, streams) stay with the JAX-RS runtime's own providers. */
    private static boolean handles(Class<?> type) {
        return type != String.class && type != byte[].class && !InputStream.class.isAssignableFrom(type)
                && !javax.ws.rs.core.StreamingOutput.class.isAssignableFrom(type);
    }
}
