package dev.togglbff.teams;

import io.swagger.v3.oas.models.Operation;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/** Tells in each team operation's description which role it needs ({@link RequiresTeamRole}). */
@Component
@Order(10)
class TeamRoleOpenApi implements OperationCustomizer {

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        RequiresTeamRole required = handler.getMethodAnnotation(RequiresTeamRole.class);
        if (required != null) {
            String text = "Needs the " + required.value() + " role in the team (a lower role gets 403; a caller "
                    + "who is not a member gets 404).";
            String description = operation.getDescription();
            operation.setDescription(description == null || description.isBlank() ? text : description + "\n\n" + text);
        }
        return operation;
    }
}
