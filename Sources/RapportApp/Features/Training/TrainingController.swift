import Fluent
import Plot
import Vapor

/// Mentor training: modules to read with a short check, and the coordinator's view of who has finished.
struct TrainingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let mentors = routes.grouped(RoleGuard(roles: [.mentor]))
        mentors.get(.training, use: list)
        mentors.get(.trainingModule, use: module)
        mentors.post(.trainingModule, use: answer)
        let coordinator = routes.grouped(RoleGuard(roles: [.coordinator]))
        coordinator.get(.trainingProgress, use: progress)
        coordinator.post(.trainingInPerson, use: markInPerson)
    }

    func list(_ request: Request) async throws -> Response {
        let mentor = try request.requirePerson()
        let status = try await TrainingStatus.of([mentor.requireID()], on: request.db)[mentor.requireID()]!
        return Layout.page(
            "Mentor training", for: request,
            .p(.class("lead"), .text(status.isFinished
                ? "You've finished your training. You can come back to any module whenever you like."
                : "\(TrainingContent.modules.count) short modules, one for each practice and one on keeping people safe, a few minutes each. Read, try the questions, and you're ready to be matched. Done \(status.modulesDone) of \(TrainingContent.modules.count).")),
            .if(status.trainedInPerson, .p(.class("notice info"), "Your coordinator has recorded your in-person training.")),
            .ol(.class("modules"), .forEach(TrainingContent.modules) { module in
                .li(.class("card"),
                    .h2(.a(.href(SiteRoute.trainingModule(module.id).path), .text(module.title))),
                    .p(.text(module.summary)),
                    .p(.class("hint"), .text("\(module.minutes) minutes · "),
                       .strong(.text(status.completedModules.contains(module.id) ? "Done" : "Not done yet"))))
            })
        )
    }

    private func findModule(_ request: Request) throws -> TrainingModule {
        guard let id = request.parameters.get("module"), let module = TrainingContent.modules.first(where: { $0.id == id }) else {
            throw Abort(.notFound, reason: "There is no such training module.")
        }
        return module
    }

    func module(_ request: Request) async throws -> Response {
        try await render(request, module: try findModule(request), answers: [:], checked: false)
    }

    private func render(_ request: Request, module: TrainingModule, answers: [String: String], checked: Bool) async throws -> Response {
        let mentor = try request.requirePerson()
        let done = try await TrainingCompletion.query(on: request.db)
            .filter(\.$person.$id == mentor.requireID()).filter(\.$moduleID == module.id).count() > 0
        let csrf = try await request.csrfToken()
        let allRight = checked && module.questions.allSatisfy { question in question.options.first { $0.id == answers[question.id] }?.isRight == true }
        let index = TrainingContent.modules.firstIndex { $0.id == module.id } ?? 0
        let following = index + 1 < TrainingContent.modules.count ? TrainingContent.modules[index + 1] : nil
        return Layout.page(
            module.title, for: request,
            .p(.class("hint"), .text("Module \(index + 1) of \(TrainingContent.modules.count) · about \(module.minutes) minutes\(done ? " · done" : "")")),
            .if(allRight, .div(.class("notice"), .attribute(named: "role", value: "status"),
                .p(.strong("All right: module done. "), .unwrap(following) { next in
                    .a(.href(SiteRoute.trainingModule(next.id).path), .text("Next: \(next.title)"))
                }, .if(following == nil, .a(.href(SiteRoute.training.path), "Back to your training"))))),
            .if(checked && !allRight, .div(.class("notice error"), .attribute(named: "role", value: "alert"),
                .p("Some answers need another think. Read the note under each, then try again."))),
            .forEach(module.sections) { section in
                .section(
                    .h2(.text(section.heading)),
                    .forEach(section.paragraphs) { .p(.text($0)) },
                    .unwrap(section.example) { example in
                        .div(.class("card example"), .h3(.text(example.title)), .forEach(example.lines) { .p(.text($0)) })
                    }
                )
            },
            .h2("Check your understanding"),
            .form(
                .method(.post), .action(SiteRoute.trainingModule(module.id).path),
                FormField.csrf(csrf),
                .forEach(module.questions.enumerated()) { number, question in
                    let chosen = answers[question.id]
                    let chosenOption = question.options.first { $0.id == chosen }
                    return .element(named: "fieldset", nodes: [
                        .class(checked ? (chosenOption?.isRight == true ? "choices question right" : "choices question invalid") : "choices question"),
                        .element(named: "legend", text: "Question \(number + 1). \(question.scenario)"),
                        .div(.class("options"), .forEach(question.options) { option in
                            .div(.class("option"),
                                 .input(.type(.radio), .id("\(question.id)-\(option.id)"), .name(question.id), .value(option.id),
                                        .checked(chosen == option.id)),
                                 .label(.for("\(question.id)-\(option.id)"), .text(option.text)))
                        }),
                        .if(checked, .p(.class(chosenOption?.isRight == true ? "feedback right" : "feedback wrong"),
                                        .unwrap(chosenOption, { option in
                                            // Right answers' feedback already says so ("Yes." / "Right."); wrong ones get a gentle lead-in.
                                            option.isRight ? .text(option.feedback) : .group(.strong("Not quite. "), .text(option.feedback))
                                        }, else: .text("Choose an answer.")))),
                    ])
                },
                .div(.class("actions"), .button(.type(.submit), "Check my answers"))
            ),
            .p(.a(.href(SiteRoute.training.path), "All modules"))
        )
    }

    func answer(_ request: Request) async throws -> Response {
        let mentor = try request.requirePerson()
        let module = try findModule(request)
        let state = try request.formState()
        var answers: [String: String] = [:]
        for question in module.questions where question.options.contains(where: { $0.id == state[question.id] }) {
            answers[question.id] = state[question.id]
        }
        let allRight = module.questions.allSatisfy { question in question.options.first { $0.id == answers[question.id] }?.isRight == true }
        if allRight {
            let exists = try await TrainingCompletion.query(on: request.db)
                .filter(\.$person.$id == mentor.requireID()).filter(\.$moduleID == module.id).count() > 0
            if !exists {
                try await TrainingCompletion(personID: mentor.requireID(), moduleID: module.id, completedAt: request.now).create(on: request.db)
            }
        }
        return try await render(request, module: module, answers: answers, checked: true)
    }

    // MARK: Coordinator

    func progress(_ request: Request) async throws -> Response {
        let school = try request.requireSchool()
        let mentors = try await StudentController.students(of: school, on: request.db).filter { $0.role == .mentor }
        let statuses = try await TrainingStatus.of(mentors.compactMap(\.id), on: request.db)
        let csrf = try await request.csrfToken()
        let finished = statuses.values.filter(\.isFinished).count
        let notice = request.notice == .recorded ? "In-person training recorded." : nil
        return Layout.page(
            "Mentor training", for: request, wide: true,
            Layout.notice(notice),
            .p(.text("\(finished) of \(mentors.count) mentors have finished. A mentor can be matched once they have finished every module, or you have recorded in-person training.")),
            .div(.class("table-wrap"), .table(
                .class("stack"),
                .thead(.tr(.th("Mentor"), .th("Year"), .th("Modules done"), .th("Ready to match"), .th("In-person training"))),
                .tbody(.forEach(mentors) { mentor in
                    let status = statuses[mentor.id!]!
                    return .tr(
                        .td(.attribute(named: "data-label", value: "Mentor"), .a(.href(SiteRoute.student(mentor.id!).path), .text(mentor.fullName))),
                        .td(.attribute(named: "data-label", value: "Year"), .text(mentor.yearGroup.map { "Year \($0)" } ?? "")),
                        .td(.attribute(named: "data-label", value: "Modules"), .text("\(status.modulesDone) of \(TrainingContent.modules.count)")),
                        .td(.attribute(named: "data-label", value: "Ready"), .text(status.isFinished ? "Yes" : "Not yet")),
                        .td(.attribute(named: "data-label", value: "In person"), status.trainedInPerson ? .text("Recorded") : .form(
                            .method(.post), .action(SiteRoute.trainingInPerson(mentor.id!).path),
                            FormField.csrf(csrf),
                            .button(.type(.submit), .class("secondary"), .attribute(named: "aria-label", value: "Record in-person training for \(mentor.fullName)"), "Record")))
                    )
                })
            ))
        )
    }

    func markInPerson(_ request: Request) async throws -> Response {
        let coordinator = try request.requirePerson()
        let mentor = try await StudentController.student(request)
        guard mentor.role == .mentor else { throw Abort(.conflict, reason: "\(mentor.fullName) is a mentee; training is for mentors.") }
        let exists = try await TrainingCompletion.query(on: request.db)
            .filter(\.$person.$id == mentor.requireID()).filter(\.$moduleID == TrainingCompletion.inPerson).count() > 0
        if !exists {
            try await request.db.transaction { database in
                try await TrainingCompletion(personID: mentor.requireID(), moduleID: TrainingCompletion.inPerson, completedAt: request.now,
                                             recordedByID: coordinator.requireID()).create(on: database)
                try await request.audit.record("recorded in-person training", subject: "student \(mentor.requireID())", by: coordinator,
                                               schoolID: mentor.$school.id, on: database)
            }
        }
        return request.redirect(to: SiteRoute.trainingProgress.path(with: .recorded), redirectType: .normal)
    }
}
