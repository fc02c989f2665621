import Fluent
import Plot
import Vapor

/// Mentors write and remove their stories; the coordinator can hide or show any story of the school.
struct StoryController: RouteCollection {
    static let titleMaxLength = 80
    static let bodyMaxLength = 1200

    func boot(routes: any RoutesBuilder) throws {
        let mentors = routes.grouped(RoleGuard(roles: [.mentor]))
        mentors.get(.stories, use: mine)
        mentors.post(.stories, use: create)
        mentors.post(.deleteStory, use: delete)
        let coordinator = routes.grouped(RoleGuard(roles: [.coordinator]))
        coordinator.get(.storyReview, use: review)
        coordinator.post(.storyVisibility, use: setVisibility)
    }

    func mine(_ request: Request) async throws -> Response {
        try await render(request, state: FormState())
    }

    private func render(_ request: Request, state: FormState, notice: String? = nil, noticeKind: String = "success",
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let mentor = try request.requirePerson()
        let stories = try await MentorStory.query(on: request.db).filter(\.$mentor.$id == mentor.requireID())
            .sort(\.$createdAt, .descending).all()
        let csrf = try await request.csrfToken()
        let notice = notice ?? (request.notice == .saved ? "Story saved." : nil)
        return Layout.page(
            "My stories", for: request, status: status,
            Layout.notice(notice, kind: noticeKind),
            .p("A story is a few lines about something hard you got through: what happened, what helped, what you'd tell someone now. Mentees see its title on your profile card, and matching looks for mentees facing the same thing. You tell the story yourself, when it helps."),
            .forEach(stories) { story in
                .div(.class("card"),
                     .h2(.text(story.title)),
                     .unwrap(story.hiddenAt) { _ in .p(.class("notice info"), "Your coordinator has hidden this story. Talk to them if you're not sure why.") },
                     .p(.text(story.body)),
                     .ul(.class("tags"), .forEach(story.tags) { .li(.text(Vocabulary.label(of: $0, in: Vocabulary.challenges))) }),
                     .form(.method(.post), .action(SiteRoute.deleteStory(story.id!).path), .class("inline"), FormField.csrf(csrf),
                           FormField.checkbox("confirm-\(story.id!.uuidString.lowercased())", label: "Yes, delete this story", state: FormState()),
                           .button(.type(.submit), .class("secondary"), .attribute(named: "aria-label", value: "Delete the story \(story.title)"), "Delete")))
            },
            .h2("Write a story"),
            FormField.errorSummary(state),
            .form(
                .method(.post), .action(SiteRoute.stories.path), .class("card"),
                FormField.csrf(csrf),
                FormField.text("title", label: "Title", state: state, hint: "For example: Starting again at a new school.",
                               maxLength: Self.titleMaxLength, required: true),
                FormField.textArea("body", label: "Your story", state: state,
                                   hint: "Up to \(Self.bodyMaxLength) characters. Keep other people's names out of it.", maxLength: Self.bodyMaxLength),
                FormField.checkboxes("tags", legend: "What is it about?", state: state,
                                     options: Vocabulary.challenges.map { ($0.id, $0.label) }, hint: "Choose one to three."),
                .div(.class("actions"), .button(.type(.submit), "Save story"))
            )
        )
    }

    func create(_ request: Request) async throws -> Response {
        let mentor = try request.requirePerson()
        var state = try request.formState()
        let title = state.requireText("title", label: "a title", maxLength: Self.titleMaxLength)
        let body = state.requireText("body", label: "your story", maxLength: Self.bodyMaxLength)
        let tags = state.choices("tags", allowed: Vocabulary.challenges.map(\.id), label: "topics", max: 3)
        if tags.isEmpty && state.errors["tags"] == nil { state.errors["tags"] = "Choose at least one topic." }
        guard state.isValid, let title, let body else { return try await render(request, state: state) }
        let story = MentorStory()
        story.$mentor.id = try mentor.requireID()
        story.$school.id = try request.requireSchool().requireID()
        story.title = title
        story.body = body
        story.tags = tags
        story.createdAt = request.now
        try await story.create(on: request.db)
        return request.redirect(to: SiteRoute.stories.path(with: .saved), redirectType: .normal)
    }

    func delete(_ request: Request) async throws -> Response {
        let mentor = try request.requirePerson()
        let story = try await request.record("story", MentorStory.self, notFound: "There is no such story of yours.") {
            try $0.filter(\.$mentor.$id == mentor.requireID())
        }
        let id = try story.requireID()
        guard try request.formState()["confirm-\(id.uuidString.lowercased())"] == "yes" else {
            return try await render(request, state: FormState(), notice: "Tick \"Yes, delete this story\" first, so a story isn't lost by one tap.",
                                    noticeKind: "error", status: .unprocessableEntity)
        }
        try await story.delete(on: request.db)
        return request.redirect(to: SiteRoute.stories.path, redirectType: .normal)
    }

    func review(_ request: Request) async throws -> Response {
        let school = try request.requireSchool()
        let stories = try await MentorStory.query(on: request.db).filter(\.$school.$id == school.requireID())
            .with(\.$mentor).sort(\.$createdAt, .descending).all()
        let csrf = try await request.csrfToken()
        return Layout.page(
            "Mentors' stories", for: request,
            .p("Stories mentors have written. Hide one that isn't right to share; the mentor sees that it is hidden."),
            stories.isEmpty ? .p("No stories yet.") : .forEach(stories) { story in
                .div(.class("card"),
                     .h2(.text(story.title)),
                     .p(.class("hint"), .text("By \(story.mentor.fullName)" + (story.hiddenAt == nil ? "" : " · hidden"))),
                     .p(.text(story.body)),
                     .form(.method(.post), .action(SiteRoute.storyVisibility(story.id!).path), FormField.csrf(csrf),
                           .input(.type(.hidden), .name("hidden"), .value(story.hiddenAt == nil ? "yes" : "no")),
                           .button(.type(.submit), .class("secondary"), .text(story.hiddenAt == nil ? "Hide" : "Show again"))))
            }
        )
    }

    func setVisibility(_ request: Request) async throws -> Response {
        let coordinator = try request.requirePerson()
        let school = try request.requireSchool()
        let story = try await request.record("story", MentorStory.self, notFound: "There is no such story in your school.") {
            try $0.filter(\.$school.$id == school.requireID())
        }
        let id = try story.requireID()
        let hide = try request.formState()["hidden"] == "yes"
        story.hiddenAt = hide ? request.now : nil
        story.hiddenByID = hide ? coordinator.id : nil
        try await request.db.transaction { database in
            try await story.update(on: database)
            try await request.audit.record(hide ? "hid story" : "showed story", subject: "story \(id)", by: coordinator, schoolID: school.id, on: database)
        }
        return request.redirect(to: SiteRoute.storyReview.path, redirectType: .normal)
    }
}
