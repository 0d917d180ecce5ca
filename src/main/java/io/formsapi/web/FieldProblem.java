package io.formsapi.web;

/** One invalid input: {@code field} is a JSON path into the request body or a parameter name. */
public record FieldProblem(String field, String message) {
}
