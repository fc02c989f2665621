import Fluent
import Foundation
import Plot

/// What a pair share, shown as cards when their match becomes active.
struct CommonGround: Sendable {
    struct Card: Sendable {
        let title: String
        let items: [String]
    }

    let cards: [Card]

    /// What the mentee finds hard is for the coordinator and the mentee only, so the stories chosen by it are shown to
    /// the mentee alone: the mentor would otherwise learn the challenges from which of their stories were picked.
    init(mentor: MentoringProfile, mentee: MentoringProfile, stories: [MentorStory], viewerIsMentee: Bool) {
        let shared = { (a: [String], b: [String]) in a.filter(Set(b).contains) }
        let interests = shared(mentor.interests, mentee.interests).map { Vocabulary.label(of: $0, in: Vocabulary.interests) }
        let dislikes = shared(mentor.dislikes, mentee.dislikes).map { Vocabulary.label(of: $0, in: Vocabulary.dislikes) }
        let free = Vocabulary.freePeriodIDs.filter { mentor.freePeriods.contains($0) && mentee.freePeriods.contains($0) }
            .map(Vocabulary.freePeriodLabel)
        let meeting = viewerIsMentee
            ? stories.filter { $0.hiddenAt == nil && !Set($0.tags).isDisjoint(with: mentee.currentChallenges) }.map(\.title) : []
        cards = [
            Card(title: "You both like", items: interests),
            Card(title: "You both can't stand", items: dislikes),
            Card(title: "You're both free", items: free),
            Card(title: "A story that might help", items: meeting),
        ].filter { !$0.items.isEmpty }
    }

    static func of(_ match: MentoringMatch, viewer: Person, on database: any Database) async throws -> CommonGround {
        let mentor = try await match.$mentor.get(on: database)
        let mentee = try await match.$mentee.get(on: database)
        let stories = try await MentorStory.query(on: database).filter(\.$mentor.$id == mentor.requireID()).all()
        return CommonGround(
            mentor: try await MentoringProfile.of(mentor, on: database),
            mentee: try await MentoringProfile.of(mentee, on: database), stories: stories, viewerIsMentee: viewer.id == mentee.id)
    }
}

/// The common-ground cards, on the match page and at the top of the pair's first meeting, where they start the talk.
enum CommonGroundView {
    static func section(_ common: CommonGround, first: Bool) -> Node<HTML.BodyContext> {
        .section(
            .h2("Common ground"),
            .if(first && !common.cards.isEmpty, .p(.class("hint"), "Your first meeting: pick one of these to start with, and ask what they like about it.")),
            common.cards.isEmpty
                ? .p(first ? "Nothing shared on your profiles yet: ask each other what you like, and what you can't stand." : "Find out what you share at your first meeting.")
                : .div(.class("cards"), .forEach(common.cards) { card in
                    .div(.class("card"), .h3(.text(card.title)), .ul(.class("tags"), .forEach(card.items) { .li(.text($0)) }))
                })
        )
    }
}
