import Fluent
import Foundation

/// Gives every new record an id from the configured random source before Fluent would make one with `UUID()`, so
/// ids are drawn like every other random value (and repeat under a seeded source).
struct RecordIDMiddleware: AnyModelMiddleware {
    let random: RandomSource

    func handle(_ event: ModelEvent, _ model: any AnyModel, on database: any Database, chainingTo next: any AnyModelResponder) -> EventLoopFuture<Void> {
        if case .create = event, let model = model as? any Model { assignID(model) }
        return next.handle(event, model, on: database)
    }

    private func assignID<M: Model>(_ model: M) {
        if model.id == nil, let id = random.uuid() as? M.IDValue { model.id = id }
    }
}
