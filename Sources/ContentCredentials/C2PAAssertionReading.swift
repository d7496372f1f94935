import Foundation

/// Reads the assertions the report shows: actions, ingredients and the data-hash binding.
enum C2PAAssertionReading {
    /// The assertion label without a `__N` instance suffix (`c2pa.actions__1` -> `c2pa.actions`).
    static func baseLabel(_ label: String) -> String {
        guard let range = label.range(of: "__", options: .backwards),
              !label[range.upperBound...].isEmpty, label[range.upperBound...].allSatisfy(\.isNumber)
        else { return label }
        return String(label[..<range.lowerBound])
    }

    /// Whether the label names an actions assertion.
    static func isActions(_ label: String) -> Bool {
        ["c2pa.actions", "c2pa.actions.v2"].contains(baseLabel(label))
    }

    /// Whether the label names an ingredient assertion.
    static func isIngredient(_ label: String) -> Bool {
        ["c2pa.ingredient", "c2pa.ingredient.v2", "c2pa.ingredient.v3"].contains(baseLabel(label))
    }

    /// The actions of a `c2pa.actions` / `.v2` assertion.
    static func actions(_ value: CBORValue, label: String) throws(ContentCredentialsError) -> [C2PAAction] {
        guard let list = value["actions"]?.arrayValue else {
            throw ContentCredentialsError("assertion", at: label, "no 'actions' array")
        }
        var actions: [C2PAAction] = []
        for (index, item) in list.enumerated() {
            guard let name = item["action"]?.textValue else {
                throw ContentCredentialsError("assertion", at: "\(label) actions[\(index)]", "no text 'action'")
            }
            actions.append(C2PAAction(
                action: name,
                digitalSourceType: item["digitalSourceType"]?.textValue,
                softwareAgent: softwareAgent(item["softwareAgent"]),
                when: item["when"]?.untagged.textValue
            ))
        }
        return actions
    }

    /// A software agent: a string (v1) or a generator-info map (`name`, `version`).
    static func softwareAgent(_ value: CBORValue?) -> String? {
        guard let value else { return nil }
        if let text = value.textValue { return text }
        guard let name = value["name"]?.textValue else { return nil }
        if let version = value["version"]?.textValue { return "\(name) \(version)" }
        return name
    }

    /// An ingredient assertion.
    static func ingredient(_ value: CBORValue, label: String) throws(ContentCredentialsError) -> C2PAIngredient {
        guard value.mapEntries != nil else { throw ContentCredentialsError("assertion", at: label, "ingredient is not a CBOR map") }
        return C2PAIngredient(
            title: value["dc:title"]?.textValue,
            format: value["dc:format"]?.textValue,
            relationship: value["relationship"]?.textValue,
            hasManifest: value["c2pa_manifest"] != nil || value["activeManifest"] != nil
        )
    }

    /// The IPTC digital source types that declare AI generation.
    static let aiSourceTypes: Set<String> = [
        "trainedAlgorithmicMedia",
        "compositeWithTrainedAlgorithmicMedia",
        "algorithmicMedia",
    ]

    /// Whether a digital source type URI (or bare code) is an AI type.
    static func isAISourceType(_ uri: String) -> Bool {
        let code = uri.split(separator: "/").last.map(String.init) ?? uri
        return aiSourceTypes.contains(code)
    }
}
