package org.kcyj.programme;

import java.util.List;
import java.util.Map;

import org.kcyj.form.StepForm;
import org.kcyj.identity.CurrentUser;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;

@RestController
@RequestMapping("/api/v1/programmes")
class ProgrammeController {
    private final Programmes programmes;
    private final ParameterService parameters;
    private final CurrentUser currentUser;

    ProgrammeController(Programmes programmes, ParameterService parameters, CurrentUser currentUser) {
        this.programmes = programmes;
        this.parameters = parameters;
        this.currentUser = currentUser;
    }

    @GetMapping
    @Operation(summary = "The special programmes (专项)")
    List<Programmes.Programme> all() {
        return programmes.all();
    }

    record NewProgramme(String code, String name) {
    }

    @org.springframework.web.bind.annotation.PostMapping
    @org.springframework.web.bind.annotation.ResponseStatus(org.springframework.http.HttpStatus.CREATED)
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Set up a special programme (专项): {code, name}; the code (2-16 capital letters and digits) "
            + "is part of every proposal number; 409 when taken")
    Programmes.Programme create(@RequestBody(required = false) NewProgramme body) {
        NewProgramme in = body == null ? new NewProgramme(null, null) : body;
        return programmes.register(currentUser.get(), in.code(), in.name());
    }

    @GetMapping("/{code}/parameters")
    @PreAuthorize("hasAnyRole('PROGRAM_MANAGER', 'DIRECTOR', 'ADMIN')")
    @Operation(summary = "Every parameter of a programme with its value, default and who set it")
    List<ProgrammeParameters.Setting> settings(@PathVariable String code) {
        return parameters.settings(currentUser.get(), code);
    }

    @PutMapping("/{code}/parameters/{name}")
    @StepForm(ParameterService.FORM)
    @PreAuthorize("hasAnyRole('PROGRAM_MANAGER', 'ADMIN')")
    @Operation(summary = "Change a parameter: {value, reason}; the change is recorded with who, when and why")
    ProgrammeParameters.Setting change(@PathVariable String code, @PathVariable String name,
                                       @RequestBody Map<String, Object> body) {
        return parameters.change(currentUser.get(), code, name, body);
    }

    @GetMapping("/{code}/parameter-changes")
    @PreAuthorize("hasAnyRole('PROGRAM_MANAGER', 'DIRECTOR', 'ADMIN')")
    @Operation(summary = "The history of parameter changes, newest first")
    List<ProgrammeParameters.Change> history(@PathVariable String code) {
        return parameters.history(currentUser.get(), code);
    }
}
