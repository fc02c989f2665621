/// A short training module for mentors: a few minutes of reading with examples, then a check.
struct TrainingModule: Sendable, Identifiable {
    /// Stable id stored with progress, such as `confidentiality`; never change a shipped id.
    let id: String
    let title: String
    /// One line shown in the module list.
    let summary: String
    let minutes: Int
    let sections: [TrainingSection]
    let questions: [CheckQuestion]
}

struct TrainingSection: Sendable {
    let heading: String
    let paragraphs: [String]
    /// A worked example: what it sounds like in a real conversation.
    let example: TrainingExample?
}

struct TrainingExample: Sendable {
    let title: String
    /// Lines of a short exchange or a list of phrases, shown as written.
    let lines: [String]
}

/// A scenario question; exactly one option is right, every option says why.
struct CheckQuestion: Sendable, Identifiable {
    /// Unique within its module, such as `q1`.
    let id: String
    let scenario: String
    let options: [CheckOption]
}

struct CheckOption: Sendable, Identifiable {
    /// Unique within its question, such as `a`.
    let id: String
    let text: String
    let isRight: Bool
    /// Shown after answering: why this is right, or what to think about instead (kind, never blaming).
    let feedback: String
}
