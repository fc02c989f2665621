import Foundation

/// The fixed tag lists students choose from. Fixed lists keep profiles comparable for matching
/// and keep free text (which could hold anything) out of the places other students see.
enum Vocabulary {
    struct Tag: Sendable, Hashable {
        let id: String
        let label: String
    }

    /// The lists, from `Resources/vocabularies/*.txt` (`VocabularyFile`), checked when the server starts.
    static let loaded: Result<(interests: [Tag], dislikes: [Tag], challenges: [Tag], identities: [Tag]), ContentFiles.Problem> = Result {
        (try VocabularyFile.load("interests"), try VocabularyFile.load("dislikes"), try VocabularyFile.load("challenges"),
         try VocabularyFile.load("identities"))
    }.mapError { $0 as? ContentFiles.Problem ?? ContentFiles.Problem(description: "\($0)") }

    static var interests: [Tag] { (try? loaded.get().interests) ?? [] }
    static var dislikes: [Tag] { (try? loaded.get().dislikes) ?? [] }
    /// Challenges a mentee finds hard now, and the same list for what a student has got through.
    static var challenges: [Tag] { (try? loaded.get().challenges) ?? [] }

    /// Identity tags a student may add; private to them unless they let their match and staff see them.
    static var identities: [Tag] { (try? loaded.get().identities) ?? [] }

    static let days: [(id: String, label: String)] = [
        ("mon", "Monday"), ("tue", "Tuesday"), ("wed", "Wednesday"), ("thu", "Thursday"), ("fri", "Friday"),
    ]
    /// Timetable slots in a day: lessons 1–5 plus break and lunch, in the order of a school day.
    static let periods: [(id: String, label: String)] = [
        ("1", "Period 1"), ("2", "Period 2"), ("break", "Break"), ("3", "Period 3"), ("4", "Period 4"),
        ("lunch", "Lunch"), ("5", "Period 5"),
    ]
    static let freePeriodIDs: [String] = days.flatMap { day in periods.map { "\(day.id)-\($0.id)" } }

    static func label(of id: String, in list: [Tag]) -> String {
        list.first { $0.id == id }?.label ?? id
    }

    static func freePeriodLabel(_ id: String) -> String {
        let parts = id.split(separator: "-", maxSplits: 1).map(String.init)
        guard parts.count == 2, let day = days.first(where: { $0.id == parts[0] }),
              let period = periods.first(where: { $0.id == parts[1] }) else { return id }
        return "\(day.label) \(period.label.lowercased())"
    }
}

/// A vocabulary file: `id: Label` a line, `#` lines are comments. Ids are stored with profiles and stories, so they are
/// lower-case words joined by dashes, each once.
enum VocabularyFile {
    static func load(_ name: String) throws -> [Vocabulary.Tag] {
        try parse(ContentFiles.read("\(name).txt", subdirectory: "vocabularies"), file: "vocabularies/\(name).txt")
    }

    static func parse(_ text: String, file: String) throws -> [Vocabulary.Tag] {
        var tags: [Vocabulary.Tag] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let problem = { (what: String) in ContentFiles.Problem(description: "\(file), line \(index + 1): \(what)") }
            let parts = trimmed.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[1].isEmpty else { throw problem("write a tag as `id: Label`.") }
            guard parts[0].range(of: "^[a-z0-9]+(-[a-z0-9]+)*$", options: .regularExpression) != nil else {
                throw problem("the id \"\(parts[0])\" must be lower-case letters and digits joined by dashes.")
            }
            guard !tags.contains(where: { $0.id == parts[0] }) else { throw problem("the id \"\(parts[0])\" is already used.") }
            tags.append(Vocabulary.Tag(id: parts[0], label: parts[1]))
        }
        guard !tags.isEmpty else { throw ContentFiles.Problem(description: "\(file) has no tags.") }
        return tags
    }
}
