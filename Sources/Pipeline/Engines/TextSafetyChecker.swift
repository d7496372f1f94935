import BulwarkCore
import ModelScan
import TextSafety

/// The TextSafety engine seen through the interfaces other modules ask for: model training
/// text (tags, captions, folder and output names) and generation prompts read from files.
///
/// Text over the engine's size cap is not silently passed: it becomes a `review` reason.
public struct TextSafetyChecker: TrainingTextChecker {
    public let engine: TextSafetyEngine

    public init(engine: TextSafetyEngine) {
        self.engine = engine
    }

    /// The bundled lexicons and rules.
    public static func bundled() throws(BulwarkError) -> TextSafetyChecker {
        TextSafetyChecker(engine: try TextSafetyEngine.bundled())
    }

    public func check(_ text: String) -> Decision {
        do {
            return try engine.check(text).decision
        } catch {
            return Decision(reasons: [Reason(code: "text.unchecked", verdict: .review,
                                             message: "text could not be checked: \(error.description)")])
        }
    }

    /// Checks each of `texts`, tagging every reason with where the text came from.
    public func check(_ texts: [String], source: String) -> Decision {
        var reasons: [Reason] = []
        for text in texts {
            for var reason in check(text).reasons {
                reason.details["field"] = source
                reasons.append(reason)
            }
        }
        return Decision(reasons: reasons)
    }
}
