import Foundation

/// The mentor training course: one Markdown file a module in `Resources/training`, taken in the order of their file
/// names (`01-confidentiality.md`…). Written for 13–18 year olds, so teachers can edit the words without touching code.
///
/// A module file is front matter (`id`, `title`, `summary`, `minutes`), then `## Heading` sections of paragraphs
/// (a paragraph may run over several lines; a blank line ends it), each with at most one worked example written as
/// `> ### Title` and `> ` lines; then `# Questions`, each `## id`, its scenario, and its options as
/// `- id: text` or `- id (right): text` with the feedback on the indented line below. Exactly one option is right.
enum TrainingContent {
    static let loaded: Result<[TrainingModule], ContentFiles.Problem> = Result {
        let files = try ContentFiles.list("training").filter { $0.hasSuffix(".md") }
        let modules = try files.map { try TrainingFile.parse(try ContentFiles.read($0, subdirectory: "training"), file: "training/\($0)") }
        guard !modules.isEmpty else { throw ContentFiles.Problem(description: "Resources/training has no modules.") }
        let ids = modules.map(\.id)
        guard Set(ids).count == ids.count else { throw ContentFiles.Problem(description: "Two training modules share an id: \(ids).") }
        return modules
    }.mapError { $0 as? ContentFiles.Problem ?? ContentFiles.Problem(description: "\($0)") }

    static var modules: [TrainingModule] { (try? loaded.get()) ?? [] }
}

/// Reads one module file, naming the file and line of anything wrong with it.
enum TrainingFile {
    static func parse(_ text: String, file: String) throws -> TrainingModule {
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated().map { (number: $0.offset + 1, text: String($0.element)) }[...]
        func problem(_ message: String, line: Int) -> ContentFiles.Problem {
            ContentFiles.Problem(description: "\(file), line \(line): \(message)")
        }
        // Front matter.
        guard lines.first?.text == "---" else { throw problem("a module starts with front matter between --- lines", line: 1) }
        lines.removeFirst()
        var fields: [String: String] = [:]
        while let line = lines.first, line.text != "---" {
            lines.removeFirst()
            guard let colon = line.text.firstIndex(of: ":") else { throw problem("front matter lines are `name: value`", line: line.number) }
            fields[String(line.text[..<colon])] = line.text[line.text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard !lines.isEmpty else { throw problem("the front matter has no closing ---", line: 1) }
        lines.removeFirst()
        guard let id = fields["id"], let title = fields["title"], let summary = fields["summary"],
              let minutes = fields["minutes"].flatMap(Int.init), !id.isEmpty, !title.isEmpty else {
            throw problem("the front matter needs id, title, summary and minutes (a number)", line: 1)
        }
        // Sections, until `# Questions`.
        var sections: [TrainingSection] = []
        var heading: (text: String, line: Int)?
        var paragraphs: [String] = []
        var example: TrainingExample?
        var paragraph: [String] = []
        func endParagraph() {
            if !paragraph.isEmpty { paragraphs.append(paragraph.joined(separator: " ")) }
            paragraph = []
        }
        func endSection() throws {
            endParagraph()
            guard let current = heading else { return }
            guard !paragraphs.isEmpty else { throw problem("the section \"\(current.text)\" has no paragraphs", line: current.line) }
            sections.append(TrainingSection(heading: current.text, paragraphs: paragraphs, example: example))
            (heading, paragraphs, example) = (nil, [], nil)
        }
        while let line = lines.first, line.text != "# Questions" {
            lines.removeFirst()
            if line.text.hasPrefix("## ") {
                try endSection()
                heading = (String(line.text.dropFirst(3)), line.number)
            } else if line.text.hasPrefix("> ### ") {
                endParagraph()
                guard example == nil else { throw problem("a section has at most one example", line: line.number) }
                example = TrainingExample(title: String(line.text.dropFirst(6)), lines: [])
            } else if line.text.hasPrefix("> ") {
                guard let current = example else { throw problem("an example starts with `> ### Title`", line: line.number) }
                example = TrainingExample(title: current.title, lines: current.lines + [String(line.text.dropFirst(2))])
            } else if line.text.trimmingCharacters(in: .whitespaces).isEmpty {
                endParagraph()
            } else {
                guard heading != nil else { throw problem("text before the first ## heading", line: line.number) }
                paragraph.append(line.text)
            }
        }
        try endSection()
        guard !sections.isEmpty else { throw problem("a module needs at least one ## section", line: 1) }
        guard !lines.isEmpty else { throw problem("a module needs `# Questions` and at least one question", line: 1) }
        lines.removeFirst()
        return TrainingModule(id: id, title: title, summary: summary, minutes: minutes, sections: sections,
                              questions: try questions(from: lines, problem: problem))
    }

    private static func questions(from rest: ArraySlice<(number: Int, text: String)>,
                                  problem: (String, Int) -> ContentFiles.Problem) throws -> [CheckQuestion] {
        var lines = rest
        var questions: [CheckQuestion] = []
        while let line = lines.first {
            lines.removeFirst()
            if line.text.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard line.text.hasPrefix("## ") else { throw problem("each question starts with `## id`", line.number) }
            let id = String(line.text.dropFirst(3))
            var scenario: [String] = []
            var options: [CheckOption] = []
            while let next = lines.first, !next.text.hasPrefix("## ") {
                lines.removeFirst()
                if next.text.hasPrefix("- ") {
                    guard let colon = next.text.firstIndex(of: ":"), let feedback = lines.first, feedback.text.hasPrefix("  ") else {
                        throw problem("an option is `- id: text` with its feedback indented on the next line", next.number)
                    }
                    lines.removeFirst()
                    var optionID = String(next.text[next.text.index(next.text.startIndex, offsetBy: 2)..<colon])
                    let isRight = optionID.hasSuffix(" (right)")
                    if isRight { optionID = String(optionID.dropLast(8)) }
                    options.append(CheckOption(id: optionID, text: next.text[next.text.index(after: colon)...].trimmingCharacters(in: .whitespaces),
                                               isRight: isRight, feedback: feedback.text.trimmingCharacters(in: .whitespaces)))
                } else if !next.text.trimmingCharacters(in: .whitespaces).isEmpty {
                    guard options.isEmpty else { throw problem("the scenario comes before the options", next.number) }
                    scenario.append(next.text)
                }
            }
            guard !scenario.isEmpty else { throw problem("the question \(id) has no scenario", line.number) }
            guard options.count >= 2, options.filter(\.isRight).count == 1, Set(options.map(\.id)).count == options.count else {
                throw problem("the question \(id) needs at least two options with different ids, exactly one marked (right)", line.number)
            }
            questions.append(CheckQuestion(id: id, scenario: scenario.joined(separator: " "), options: options))
        }
        guard !questions.isEmpty else { throw problem("a module needs at least one question", rest.first?.number ?? 1) }
        guard Set(questions.map(\.id)).count == questions.count else { throw problem("two questions share an id", rest.first?.number ?? 1) }
        return questions
    }
}
