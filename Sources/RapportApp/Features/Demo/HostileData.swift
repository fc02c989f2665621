import Fluent
import Vapor

/// The demo with a payload that breaks out of an HTML attribute (`"'><x-inj>`) added to every text a person, a
/// roster file or a form can set: names, school, organisation and programme names, stories, profiles, match reasons,
/// notes, agenda items, commitments, wins, goals, feedback, places and reasons. Every page drawn from it must show the
/// payload as text; the raw marker `<x-inj` anywhere in a page means a value reached the HTML unescaped.
/// Usernames are the exception: they are only ever `a-z 0-9 . - _` (`Usernames.problem`).
public enum HostileData {
    public static let payload = "\"'><x-inj>"
    public static let marker = "<x-inj"

    public static func apply(on app: Application) async throws {
        guard try await Organisation.query(on: app.db).filter(\.$name == DemoData.organisationName + payload).first() == nil else { return }
        try await app.db.transaction { database in
            for person in try await Person.query(on: database).all() {
                person.givenName += payload
                person.familyName += payload
                try await person.update(on: database)
            }
            for organisation in try await Organisation.query(on: database).all() {
                organisation.name += payload
                try await organisation.update(on: database)
            }
            for school in try await School.query(on: database).all() {
                school.name += payload
                try await school.update(on: database)
            }
            for programme in try await Programme.query(on: database).all() {
                programme.name += payload
                try await programme.update(on: database)
            }
            for story in try await MentorStory.query(on: database).all() {
                story.title += payload
                story.body += payload
                try await story.update(on: database)
            }
            for profile in try await MentoringProfile.query(on: database).all() {
                profile.about += payload
                try await profile.update(on: database)
            }
            for match in try await MentoringMatch.query(on: database).all() {
                match.reasons = match.reasons.map { $0 + payload }
                try await match.update(on: database)
            }
            for transition in try await MatchTransition.query(on: database).all() {
                transition.reason += payload
                try await transition.update(on: database)
            }
            for question in try await AgreementQuestion.query(on: database).all() {
                question.text += payload
                try await question.update(on: database)
            }
            for session in try await SupervisionSession.query(on: database).all() {
                session.topic += payload
                try await session.update(on: database)
            }
            for notification in try await AppNotification.query(on: database).all() {
                notification.text += payload
                try await notification.update(on: database)
            }
            try await SealedColumns.reseal(on: database, notes: app.notes) { text, _, column in
                column == "token_sealed" ? text : text + payload
            }
        }
    }
}
