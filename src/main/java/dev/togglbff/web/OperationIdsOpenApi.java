package dev.togglbff.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.stereotype.Component;

/**
 * Gives every API operation a meaningful, unique {@code operationId} (the method name of generated
 * clients), derived from its method and path unless the handler names one itself:
 * {@code GET …/projects} is {@code listProjects}, {@code GET …/projects/{projectId}} is
 * {@code getProject}, {@code POST …/projects} is {@code createProject}, {@code PATCH} is
 * {@code update…}, {@code PUT} is {@code set…}, {@code DELETE} is {@code delete…}, and a
 * {@code POST} to an action ({@code …/clients/{clientId}/archive}, {@code …/timer/start}) is the
 * action and its object ({@code archiveClient}, {@code startTimer}). The {@code /teams/{teamId}}
 * and {@code /me} prefixes of the resources below them are left out. Two operations with the same
 * id stop the document from being served.
 */
@Component
class OperationIdsOpenApi implements OpenApiCustomizer {

    private static final String API = "/api/v1/";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        Map<String, String> seen = new HashMap<>();
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            boolean explicit = operation.getExtensions() != null
                    && operation.getExtensions().remove(SuccessAnswersOpenApi.EXPLICIT_ID) != null;
            if (operation.getExtensions() != null && operation.getExtensions().isEmpty()) {
                operation.setExtensions(null);
            }
            if (!explicit && path.startsWith(API)) {
                operation.setOperationId(derive(method, path));
            }
            String previous = seen.put(operation.getOperationId(), method + " " + path);
            if (previous != null) {
                throw new IllegalStateException("Operation id " + operation.getOperationId() + " of " + method + " "
                        + path + " is also the id of " + previous + "; name one with @Operation(operationId)");
            }
        }));
    }

    static String derive(PathItem.HttpMethod method, String path) {
        String[] segments = path.substring(API.length()).split("/");
        int start = 0;
        if (segments.length > 2 && "teams".equals(segments[0]) && isVariable(segments[1])) {
            start = 2;
        }
        else if (segments.length > 1 && "me".equals(segments[0])) {
            start = 1;
        }
        List<String> nouns = new ArrayList<>();
        for (int i = start; i < segments.length; i++) {
            if (!isVariable(segments[i])) {
                boolean identified = i + 1 < segments.length && isVariable(segments[i + 1]);
                nouns.add(identified ? singular(segments[i]) : segments[i]);
            }
        }
        String last = segments[segments.length - 1];
        boolean onItem = isVariable(last);
        boolean onCollection = !onItem && plural(last);
        return switch (method) {
            case GET -> (onCollection ? "list" : "get") + pascal(nouns);
            case PATCH -> "update" + pascal(nouns);
            case PUT -> "set" + pascal(nouns);
            case DELETE -> "delete" + pascal(nouns);
            case POST -> {
                if (onCollection) {
                    nouns.set(nouns.size() - 1, singular(last));
                    yield "create" + pascal(nouns);
                }
                String action = nouns.remove(nouns.size() - 1);
                yield camel(action) + pascal(nouns);
            }
            default -> method.name().toLowerCase(Locale.ROOT) + pascal(nouns);
        };
    }

    private static boolean isVariable(String segment) {
        return segment.startsWith("{");
    }

    private static boolean plural(String noun) {
        return noun.endsWith("s") && !noun.endsWith("ss") && !noun.endsWith("us");
    }

    private static String singular(String noun) {
        if (noun.endsWith("ies")) {
            return noun.substring(0, noun.length() - 3) + "y";
        }
        return plural(noun) ? noun.substring(0, noun.length() - 1) : noun;
    }

    private static String pascal(List<String> nouns) {
        StringBuilder name = new StringBuilder();
        for (String noun : nouns) {
            for (String word : noun.split("-")) {
                if (!word.isEmpty()) {
                    name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
                }
            }
        }
        return name.toString();
    }

    private static String camel(String noun) {
        String pascal = pascal(List.of(noun));
        return pascal.isEmpty() ? pascal : Character.toLowerCase(pascal.charAt(0)) + pascal.substring(1);
    }
}
