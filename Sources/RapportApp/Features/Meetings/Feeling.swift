/// The feelings a check-in offers, each with a face, and what a mentor might say back.
enum Feeling: String, Codable, CaseIterable, Sendable {
    case great, good, okay, tired, worried, sad, angry, stressed

    var face: String {
        switch self {
        case .great: "😄"
        case .good: "🙂"
        case .okay: "😐"
        case .tired: "😴"
        case .worried: "😟"
        case .sad: "😢"
        case .angry: "😠"
        case .stressed: "😣"
        }
    }

    var word: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    /// The feelings that, several meetings running, suggest the mentor talks about how things are going.
    static let low: Set<Feeling> = [.sad, .worried, .stressed]
    /// Low check-ins in a row from a mentee before their mentor's log suggests talking about it.
    static let lowRun = 3

    /// One prompt for the mentor, read before talking: notice the feeling and ask, don't fix.
    var empathyPrompt: String {
        switch self {
        case .great: "Sounds like a good day. Ask what went well: \"Nice! What happened?\""
        case .good: "Ask what has been good lately, and listen for something to celebrate."
        case .okay: "\"Just okay\" can hide a lot. Try: \"Okay good, or okay meh?\""
        case .tired: "Tired can be sleep, worry or a lot going on. Try: \"Long week? What's been taking it out of you?\""
        case .worried: "Name it gently: \"Sounds like something's on your mind. Want to talk about it?\""
        case .sad: "Slow down and listen first: \"That sounds hard. What happened?\" You don't have to fix it."
        case .angry: "Let them say it without judging: \"Something's annoyed you. What happened?\""
        case .stressed: "Try: \"That sounds like a lot. What's the biggest thing right now?\" Then plan one small step together."
        }
    }
}
