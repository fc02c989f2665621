import Fluent
import Plot
import Vapor

/// The mentoring-profile part of a form, shared by the student's own page and the coordinator's edit page.
enum ProfileForm {
    static let aboutMaxLength = 280
    static let maxTagsPerList = 8

    /// How the questions are worded: to the student ("you") or about them (for staff).
    enum Voice { case student, staff }

    static func state(from profile: MentoringProfile) -> FormState {
        var state = FormState()
        state.lists["interests"] = Set(profile.interests)
        state.lists["dislikes"] = Set(profile.dislikes)
        state.lists["current"] = Set(profile.currentChallenges)
        state.lists["overcome"] = Set(profile.overcomeChallenges)
        state.lists["free"] = Set(profile.freePeriods)
        state.values["same_gender"] = profile.wantsSameGenderMentor ? "yes" : ""
        state.values["about"] = profile.about
        state.lists["identities"] = Set(profile.identities)
        state.values["identities_visible"] = profile.identitiesVisible ? "yes" : ""
        return state
    }

    /// Checks the sent profile and copies it onto `profile`; leaves errors in `state` when something is wrong.
    static func apply(_ state: inout FormState, to profile: MentoringProfile) {
        let interests = state.choices("interests", allowed: Vocabulary.interests.map(\.id), label: "interests", max: maxTagsPerList)
        let dislikes = state.choices("dislikes", allowed: Vocabulary.dislikes.map(\.id), label: "dislikes", max: maxTagsPerList)
        let current = state.choices("current", allowed: Vocabulary.challenges.map(\.id), label: "challenges", max: maxTagsPerList)
        let overcome = state.choices("overcome", allowed: Vocabulary.challenges.map(\.id), label: "challenges", max: maxTagsPerList)
        let free = state.choices("free", allowed: Vocabulary.freePeriodIDs, label: "free periods")
        let about = state.optionalText("about", label: "the few words about yourself", maxLength: aboutMaxLength) ?? ""
        guard state.isValid else { return }
        profile.interests = interests
        profile.dislikes = dislikes
        profile.currentChallenges = current
        profile.overcomeChallenges = overcome
        profile.freePeriods = free
        profile.wantsSameGenderMentor = state["same_gender"] == "yes"
        profile.about = about
    }

    /// The identity tags and whether others may see them: only the student sets these, on their own profile page.
    static func applyIdentities(_ state: inout FormState, to profile: MentoringProfile) {
        let identities = state.choices("identities", allowed: Vocabulary.identities.map(\.id), label: "identity tags", max: maxTagsPerList)
        guard state.isValid else { return }
        profile.identities = identities
        profile.identitiesVisible = state["identities_visible"] == "yes"
    }

    /// The student's own identity questions: optional, private unless they say otherwise.
    static func identityFields(state: FormState) -> Node<HTML.FormContext> {
        .group(
            FormField.checkboxes("identities", legend: "Anything about who you are that you'd like your match to share? (optional)",
                                 state: state, options: Vocabulary.identities.map { (value: $0.id, label: $0.label) },
                                 hint: "Only if you want to. Matching gives extra weight to someone who ticked the same. Nobody else sees which you ticked unless you tick the box below (except in a copy of everything Rapport holds about you, if you ask for one)."),
            FormField.checkbox("identities_visible", label: "Staff may see which I ticked", state: state,
                               hint: "If you leave this unticked, staff see only that you and your match share one, never which. Your mentor or mentee never sees them.")
        )
    }

    static func fields(state: FormState, role: Role, voice: Voice) -> Node<HTML.FormContext> {
        let you = voice == .student
        let options = { (list: [Vocabulary.Tag]) in list.map { (value: $0.id, label: $0.label) } }
        return .group(
            FormField.checkboxes("interests", legend: you ? "What do you like doing?" : "What they like doing",
                                 state: state, options: options(Vocabulary.interests), hint: "Choose up to \(maxTagsPerList)."),
            FormField.checkboxes("dislikes", legend: you ? "What do you really not like?" : "What they really don't like",
                                 state: state, options: options(Vocabulary.dislikes),
                                 hint: "Sharing a dislike can bring two people together as much as sharing a hobby."),
            FormField.checkboxes("current", legend: you ? "What do you find hard at the moment?" : "What they find hard at the moment",
                                 state: state, options: options(Vocabulary.challenges),
                                 hint: "Only your coordinator sees this. It helps find someone who has been there."),
            FormField.checkboxes("overcome", legend: you ? "What have you got through that might help someone else?" : "What they have got through",
                                 state: state, options: options(Vocabulary.challenges),
                                 hint: role == .mentor ? "Matching looks for mentees who find these hard now. Only your coordinator sees which you chose; a mentee choosing from a shortlist sees only that you got through something they find hard too. Later you can write a short story about one of these." : nil),
            .element(named: "fieldset", nodes: [
                .class(state.errors["free"] == nil ? "choices" : "choices invalid"),
                .element(named: "legend", text: you ? "When are you free in the school day?" : "Free periods in the timetable"),
                .p(.class("hint"), "Tick every slot with no lesson, so meetings can go in your timetable."),
                .unwrap(state.errors["free"]) { .p(.class("error"), .text($0)) },
                .forEach(Vocabulary.days) { day in
                    .element(named: "fieldset", nodes: [
                        .class("day"),
                        .element(named: "legend", text: day.label),
                        .div(.class("options columns"), .forEach(Vocabulary.periods) { period in
                            .div(
                                .class("option"),
                                .input(.type(.checkbox), .id("free-\(day.id)-\(period.id)"), .name("free[]"),
                                       .value("\(day.id)-\(period.id)"), .checked(state.has("free", "\(day.id)-\(period.id)"))),
                                .label(.for("free-\(day.id)-\(period.id)"), .text(period.label))
                            )
                        }),
                    ])
                },
            ]),
            .if(role == .mentee, FormField.checkbox(
                "same_gender", label: you ? "I'd like a mentor of the same gender as me" : "Wants a mentor of the same gender",
                state: state, hint: "Matching will only suggest mentors of the same gender.")),
            FormField.textArea("about", label: you ? "A few words about you (optional)" : "A few words about them (optional)",
                               state: state, hint: "Up to \(aboutMaxLength) characters. Your coordinator sees this, to help find a good match.",
                               maxLength: aboutMaxLength)
        )
    }

    /// The profile as tags, for reading rather than editing.
    static func summary(_ profile: MentoringProfile, role: Role) -> Node<HTML.BodyContext> {
        func tags(_ ids: [String], _ list: [Vocabulary.Tag]) -> Node<HTML.BodyContext> {
            ids.isEmpty ? .p(.class("hint"), "None chosen yet.")
                : .ul(.class("tags"), .forEach(ids) { .li(.text(Vocabulary.label(of: $0, in: list))) })
        }
        return .group(
            .h3("Likes"), tags(profile.interests, Vocabulary.interests),
            .h3("Dislikes"), tags(profile.dislikes, Vocabulary.dislikes),
            .h3("Finds hard now"), tags(profile.currentChallenges, Vocabulary.challenges),
            .h3("Has got through"), tags(profile.overcomeChallenges, Vocabulary.challenges),
            .h3("Free periods"),
            profile.freePeriods.isEmpty ? .p(.class("hint"), "None chosen yet.")
                : .ul(.class("tags"), .forEach(profile.freePeriods) { .li(.text(Vocabulary.freePeriodLabel($0))) }),
            .if(role == .mentee, .p(.text(profile.wantsSameGenderMentor ? "Wants a mentor of the same gender." : "No gender preference for a mentor."))),
            .if(profile.identitiesVisible && !profile.identities.isEmpty,
                .group(.h3("Identity, shared with their consent"), tags(profile.identities, Vocabulary.identities))),
            .unwrap(profile.about.isEmpty ? nil : profile.about) { .group(.h3("In their words"), .p(.text($0))) }
        )
    }
}

extension MentoringProfile {
    /// The student's profile, made empty on first use so every student always has one.
    static func of(_ person: Person, on database: any Database) async throws -> MentoringProfile {
        let personID = try person.requireID()
        if let profile = try await MentoringProfile.query(on: database).filter(\.$person.$id == personID).first() {
            return profile
        }
        let profile = MentoringProfile(personID: personID)
        try await profile.create(on: database)
        return profile
    }
}
