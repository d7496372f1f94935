import Foundation
import Store

/// The OpenAPI 3.1 description of the API, served at `/openapi.json`.
///
/// It is written by hand, operation by operation, separately from the route registrations;
/// a test checks that it lists exactly the registered routes, so neither can drift.
public enum OpenAPIDocument {
    /// One documented operation.
    struct Operation {
        let method: String
        let path: String
        let summary: String
        let tag: String
        /// `json:<Schema>`, `bytes` or `text` for the request body, or nil.
        let body: String?
        /// The success status and its schema (nil for no content).
        let success: (Int, String?)
        /// Error statuses the operation documents besides 401/403.
        let errors: [Int]
        let query: [(name: String, description: String)]
        let isPublic: Bool

        init(
            _ method: String, _ path: String, _ summary: String, tag: String, body: String? = nil,
            success: (Int, String?) = (200, nil), errors: [Int] = [], query: [(String, String)] = [], isPublic: Bool = false
        ) {
            self.method = method
            self.path = path
            self.summary = summary
            self.tag = tag
            self.body = body
            self.success = success
            self.errors = errors
            self.query = query.map { (name: $0.0, description: $0.1) }
            self.isPublic = isPublic
        }
    }

    static let paging: [(String, String)] = [("after", "Return items with ids above this one."), ("limit", "Page size.")]

    static let operations: [Operation] = [
        Operation("GET", "/healthz", "Liveness: the process answers.", tag: "operations", success: (200, "Status"), isPublic: true),
        Operation("GET", "/readyz", "Readiness: the match index is loaded (503 until then).", tag: "operations",
                  success: (200, "Status"), errors: [503], isPublic: true),
        Operation("GET", "/metrics", "Prometheus metrics in the text exposition format.", tag: "operations", success: (200, "text")),
        Operation("GET", "/openapi.json", "This document.", tag: "operations", success: (200, "object")),
        Operation("GET", "/v1/banks", "List banks.", tag: "banks", success: (200, "BankList")),
        Operation("POST", "/v1/banks", "Create a bank.", tag: "banks", body: "json:BankCreate", success: (201, "Bank"), errors: [400, 409, 413]),
        Operation("GET", "/v1/banks/{bank}", "A bank with its entry and tombstone counts. {bank} is an id or a name.", tag: "banks",
                  success: (200, "Bank"), errors: [404]),
        Operation("PATCH", "/v1/banks/{bank}", "Rename, describe, enable/disable or flag a bank.", tag: "banks",
                  body: "json:BankUpdate", success: (200, "Bank"), errors: [400, 404, 409]),
        Operation("DELETE", "/v1/banks/{bank}", "Delete a bank; every entry leaves a tombstone.", tag: "banks",
                  success: (204, nil), errors: [404]),
        Operation("POST", "/v1/banks/{bank}/enable", "Enable a bank for matching.", tag: "banks", success: (200, "Bank"), errors: [404]),
        Operation("POST", "/v1/banks/{bank}/disable", "Disable a bank (entries kept, not matched).", tag: "banks",
                  success: (200, "Bank"), errors: [404]),
        Operation("GET", "/v1/banks/{bank}/entries", "Page through a bank's entries in id order.", tag: "entries",
                  success: (200, "EntryPage"), errors: [400, 404], query: paging),
        Operation("POST", "/v1/banks/{bank}/entries", "Add an entry (labels merge into an existing entry for the same signal).",
                  tag: "entries", body: "json:EntryCreate", success: (201, "Entry"), errors: [400, 404]),
        Operation("DELETE", "/v1/banks/{bank}/entries/{entry}", "Remove an entry, leaving a tombstone.", tag: "entries",
                  success: (200, "Tombstone"), errors: [400, 404], query: [("reason", "Why it was removed (audit trail).")]),
        Operation("GET", "/v1/banks/{bank}/tombstones", "Page through a bank's tombstones.", tag: "entries",
                  success: (200, "TombstonePage"), errors: [400, 404], query: paging),
        Operation("POST", "/v1/banks/{bank}/import", "Import a file into a bank in one transaction (streamed).", tag: "entries",
                  body: "text", success: (200, "ImportReport"), errors: [400, 404, 409, 413, 422],
                  query: [("format", "csv, tsv, ndjson, te-csv, stopncii, list, md5-list, sha1-list, sha256-list, pdq-list"),
                          ("skip_invalid", "Import the valid rows and list the invalid ones instead of refusing."),
                          ("source", "Source label for rows without one."), ("category", "Category label for rows without one.")]),
        Operation("GET", "/v1/banks/{bank}/export", "Export a bank (streamed).", tag: "entries", success: (200, "text"),
                  errors: [400, 404], query: [("format", "csv, tsv, ndjson, te-csv, list, md5-list, sha1-list, sha256-list, pdq-list")]),
        Operation("POST", "/v1/hash", "Hash an upload: MD5, SHA-1, SHA-256 and, for images, PDQ with quality.", tag: "matching",
                  body: "bytes", success: (200, "HashAnswer"), errors: [400, 413]),
        Operation("POST", "/v1/match/hash", "Match signals (PDQ by Hamming distance, digests exactly) against the enabled banks.",
                  tag: "matching", body: "json:MatchRequest", success: (200, "MatchReport"), errors: [400, 413]),
        Operation("POST", "/v1/match/upload", "Hash an upload and match it in one call.", tag: "matching", body: "bytes",
                  success: (200, "UploadAnswer"), errors: [400, 413], query: [("threshold", "PDQ threshold for this call (0...64).")]),
        Operation("POST", "/v1/compare", "Hamming distance between two PDQ hashes.", tag: "matching", body: "json:CompareRequest",
                  success: (200, "CompareResult"), errors: [400]),
        Operation("POST", "/v1/text/check", "Check a text with the text-safety rules; with user, also track the user's session.",
                  tag: "content", body: "json:TextCheckRequest", success: (200, "TextCheckResult"), errors: [400, 413]),
        Operation("POST", "/v1/conversation/check", "Check a chatbot conversation as a whole (support resources, deterrence).",
                  tag: "content", body: "json:Conversation", success: (200, "ConversationResult"), errors: [400, 413]),
        Operation("POST", "/v1/provenance", "Read an upload's provenance (C2PA, XMP, EXIF, generator parameters) and check its prompts.",
                  tag: "content", body: "bytes", success: (200, "ProvenanceAnswer"), errors: [400, 413]),
        Operation("POST", "/v1/models/scan", "Scan a model file (safetensors, GGUF, pickle) and its preview images: the request body (raw bytes, or multipart/form-data with one `model` file part and up to 16 `preview` image parts), or path= inside the server's model scan root.",
                  tag: "content", body: "model-upload", success: (200, "ModelScanReport"), errors: [400, 404, 413, 422],
                  query: [("path", "A file on the server's disk inside its configured model scan root (403 otherwise); no body then."),
                          ("preview_path", "With path=: a preview image inside the model scan root; repeat for several."),
                          ("name", "The raw upload's file name (its extension helps recognise the format).")]),
        Operation("GET", "/v1/webhooks", "List webhook endpoints (secrets are not shown).", tag: "webhooks", success: (200, "WebhookList")),
        Operation("POST", "/v1/webhooks", "Add a webhook endpoint; the signing secret is returned once.", tag: "webhooks",
                  body: "json:WebhookCreate", success: (201, "Webhook"), errors: [400]),
        Operation("DELETE", "/v1/webhooks/{webhook}", "Remove a webhook endpoint.", tag: "webhooks", success: (204, nil), errors: [400, 404]),
        Operation("GET", "/v1/webhooks/dead-letters", "Deliveries that failed every attempt.", tag: "webhooks",
                  success: (200, "DeadLetterPage"), query: paging),
        Operation("POST", "/v1/webhooks/dead-letters/{letter}/retry", "Retry a dead letter now (removed when delivered).",
                  tag: "webhooks", success: (200, "DeliveryOutcome"), errors: [404, 409, 502]),
        Operation("POST", "/v1/cases/reports", "Report content (a URL and/or a content hash): opens a review case, or joins the open case for the same hash or URL (200 then).",
                  tag: "cases", body: "json:CaseReport", success: (201, "IntakeResult"), errors: [400]),
        Operation("GET", "/v1/cases", "The review queue of the caller's teams, highest priority first, keyset-paged.", tag: "cases",
                  success: (200, "CaseQueue"), errors: [400],
                  query: [("team", "Only this team."), ("after", "The `next` token of the previous page."), ("limit", "Cases per page (1...500, default 50).")]),
        Operation("GET", "/v1/cases/{case}", "A case with its sources, assessments and events (403 outside the caller's teams).",
                  tag: "cases", success: (200, "CaseDetail"), errors: [400, 404]),
        Operation("POST", "/v1/cases/{case}/assessments", "Record an assessment (validated against the scheme: invalid combinations are 400 naming each field).",
                  tag: "cases", body: "json:Assessment", success: (200, "AssessmentResult"), errors: [400, 404]),
        Operation("POST", "/v1/cases/{case}/close", "Close a case with an outcome (confirmed, not-actionable, duplicate); 409 while a needed second opinion is missing.",
                  tag: "cases", body: "json:CaseClose", success: (200, "ReviewCase"), errors: [400, 404, 409]),
        Operation("POST", "/v1/cases/{case}/report", "File the CyberTipline report of an assessed case (201), or return its live report (200); 400 names why a case cannot be reported; 409 when the server files no reports.",
                  tag: "reports", body: "json:CaseReportRequest", success: (201, "ReportSubmission"), errors: [400, 404, 409]),
        Operation("GET", "/v1/reports/{report}", "A report submission and where it stands in its flow.",
                  tag: "reports", success: (200, "ReportSubmission"), errors: [404]),
        Operation("POST", "/v1/reports/{report}/resume", "Continue a report from its first unfinished step; 409 while another process runs it.",
                  tag: "reports", success: (200, "ReportSubmission"), errors: [404, 409]),
        Operation("POST", "/v1/reports/{report}/retract", "Retract a submitted, unfinished report; 409 while another process runs it or when it cannot be retracted.",
                  tag: "reports", success: (200, "ReportSubmission"), errors: [404, 409]),
    ]

    /// The (method, path) pairs the document describes.
    public static var documentedRoutes: Set<String> { Set(operations.map { "\($0.method) \($0.path)" }) }

    /// The document as JSON.
    public static func json() throws -> Data {
        try JSONSerialization.data(withJSONObject: document(), options: [.sortedKeys, .withoutEscapingSlashes])
    }

    static func document() -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for operation in operations {
            var item: [String: Any] = [
                "summary": operation.summary, "tags": [operation.tag],
                "operationId": operation.method.lowercased() + operation.path.split(separator: "/").map {
                    $0.replacingOccurrences(of: "{", with: "by_").replacingOccurrences(of: "}", with: "")
                        .replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_")
                }.joined(separator: "_"),
            ]
            var parameters: [[String: Any]] = operation.path.split(separator: "/").filter { $0.hasPrefix("{") }.map {
                ["name": String($0.dropFirst().dropLast()), "in": "path", "required": true, "schema": ["type": "string"]]
            }
            parameters += operation.query.map { ["name": $0.name, "in": "query", "description": $0.description, "schema": ["type": "string"]] }
            if !parameters.isEmpty { item["parameters"] = parameters }
            if let body = operation.body {
                let content: [String: Any]
                switch body {
                case "bytes": content = ["application/octet-stream": ["schema": ["type": "string", "contentMediaType": "application/octet-stream"]]]
                case "text": content = ["text/plain": ["schema": ["type": "string"]]]
                case "model-upload":
                    let file: [String: Any] = ["type": "string", "contentMediaType": "application/octet-stream"]
                    content = [
                        "application/octet-stream": ["schema": file],
                        "multipart/form-data": ["schema": [
                            "type": "object", "required": ["model"],
                            "properties": ["model": file, "preview": ["type": "array", "maxItems": 16, "items": file]],
                        ] as [String: Any]],
                    ]
                default: content = ["application/json": ["schema": ["$ref": "#/components/schemas/" + body.dropFirst(5)]]]
                }
                item["requestBody"] = ["required": true, "content": content]
            }
            var responses: [String: Any] = [:]
            let (status, schema) = operation.success
            switch schema {
            case nil: responses["\(status)"] = ["description": "Done."]
            case "text": responses["\(status)"] = ["description": "Text.", "content": ["text/plain": ["schema": ["type": "string"]]]]
            case "object": responses["\(status)"] = ["description": "JSON.", "content": ["application/json": ["schema": ["type": "object"]]]]
            case let name?:
                responses["\(status)"] = ["description": "Success.", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(name)"]]]]
            }
            let errors = operation.isPublic ? operation.errors : operation.errors + [401, 403]
            for code in errors {
                responses["\(code)"] = ["description": errorDescription(code), "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
            }
            item["responses"] = responses
            if operation.isPublic { item["security"] = [[String: Any]]() }
            paths[operation.path, default: [:]][operation.method.lowercased()] = item
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Bulwark API", "version": "1",
                "description": "Hash banks, matching, content checks (text, conversations, provenance, model files) and match webhooks. Every route except /healthz and /readyz needs an API key (Authorization: Bearer bwk_...). Errors are {\"error\": {\"code\", \"message\"}}.",
            ],
            "security": [["bearer": [String]()]],
            "paths": paths,
            "components": ["securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]], "schemas": schemas()],
        ]
    }

    static func errorDescription(_ code: Int) -> String {
        switch code {
        case 400: return "Malformed request: bad hash, unknown signal type, bad parameter."
        case 401: return "No API key, or an unknown or revoked one."
        case 403: return "The key's role may not call this route."
        case 404: return "Unknown bank, entry, webhook, dead letter or file."
        case 409: return "Conflict: a name taken, or another import into the bank running."
        case 413: return "Body over the configured limit."
        case 422: return "Import refused (invalid rows listed with line numbers in details), or a file that could not be read."
        case 502: return "The receiver did not accept the delivery."
        case 503: return "Not ready yet."
        default: return "Error."
        }
    }

    static func object(_ properties: [String: Any], required: [String] = []) -> [String: Any] {
        ["type": "object", "properties": properties, "required": required]
    }

    static var string: [String: Any] { ["type": "string"] }
    static var integer: [String: Any] { ["type": "integer"] }
    static var number: [String: Any] { ["type": "number"] }
    static var boolean: [String: Any] { ["type": "boolean"] }
    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }
    static func array(_ item: [String: Any]) -> [String: Any] { ["type": "array", "items": item] }

    static func schemas() -> [String: Any] {
        let signal = object(["type": string, "value": string], required: ["type", "value"])
        let labels = object(["source": string, "category": string, "ai_generated": ["enum": ["yes", "no", "unknown"]], "note": string])
        let bank = object([
            "id": integer, "name": string, "enabled": boolean, "holds_known_real_victims": boolean, "description": string,
            "created_at": string, "updated_at": string, "entries": integer, "entries_by_type": ["type": "object"], "tombstones": integer,
        ], required: ["id", "name", "enabled"])
        let entry = object(["id": integer, "bank_id": integer, "signal": signal, "labels": labels, "added_at": string])
        let tombstone = object(["id": integer, "bank_id": integer, "entry_id": integer, "signal": signal, "removed_at": string, "reason": string])
        let match = object([
            "bank_id": integer, "bank_name": string, "holds_known_real_victims": boolean, "entry_id": integer, "signal": signal,
            "query": signal, "labels": labels, "distance": integer,
            "video": object(["query_match_percent": number, "compared_match_percent": number, "is_match": boolean]),
        ])
        let reason = object(["code": string, "verdict": string, "message": string, "source": string, "details": ["type": "object"]])
        let decision = object(["verdict": ["enum": ["allow", "review", "block"]], "reasons": array(reason)])
        let ignored = object(["signal": signal, "reason": string])
        let hash = object([
            "path": string, "size": integer, "md5": string, "sha1": string, "sha256": string, "format": string, "width": integer,
            "height": integer, "pdq": string, "quality": integer, "dihedral": array(string),
            "vpdq": string, "vpdq_frames": integer, "vpdq_problem": string,
        ])
        let provenance = object([
            "format": string, "ai_evidence": ["enum": ["none", "moderate", "strong", "declared"]], "ai_signals": array(["type": "object"]),
            "generator": string, "generations": array(["type": "object"]), "models": array(["type": "object"]), "prompts": array(string),
            "negative_prompts": array(string), "seed": integer, "sampler": string, "c2pa": ["type": "object"],
        ])
        let resource = object(["name": string, "contact": string, "message": string])
        let webhook = object(["id": integer, "url": string, "created_at": string, "secret": string, "events": array(string)])
        let letter = object([
            "id": integer, "webhook_id": integer, "url": string, "body": string, "attempts": integer, "last_error": string, "created_at": string,
        ])
        func page(_ item: [String: Any]) -> [String: Any] { object(["items": array(item), "next_after": integer]) }
        return [
            "Error": object(["error": object(["code": string, "message": string, "details": array(string)], required: ["code", "message"])],
                            required: ["error"]),
            "Status": object(["status": string, "detail": string]),
            "Bank": bank, "BankList": array(bank),
            "BankCreate": object(["name": string, "description": string, "enabled": boolean, "holds_known_real_victims": boolean], required: ["name"]),
            "BankUpdate": object(["name": string, "description": string, "enabled": boolean, "holds_known_real_victims": boolean]),
            "Entry": entry, "EntryPage": page(entry),
            "EntryCreate": object([
                "signal_type": string, "value": string, "source": string, "category": string, "ai_generated": string, "note": string,
            ], required: ["signal_type", "value"]),
            "Tombstone": tombstone, "TombstonePage": page(tombstone),
            "ImportReport": object([
                "bank_id": integer, "rows": integer, "counts": object(["inserted": integer, "merged": integer]),
                "skipped_count": integer, "skipped": array(object(["line": integer, "reason": string])),
            ]),
            "HashRecord": hash,
            "HashAnswer": object(["hash": hash, "decode_problem": string]),
            "MatchRequest": object([
                "signals": array(object(["type": string, "value": string, "quality": integer], required: ["type", "value"])),
                "threshold": integer,
            ], required: ["signals"]),
            "MatchReport": object(["matches": array(match), "decision": decision, "ignored": array(ignored)]),
            "UploadAnswer": object([
                "hash": hash, "decode_problem": string, "matches": array(match), "decision": decision, "ignored": array(ignored),
                "provenance": provenance, "provenance_decision": decision,
            ]),
            "TextCheckRequest": object(["text": string, "user": string], required: ["text"]),
            "TextCheckResult": object([
                "decision": decision, "categories": array(string), "rule_ids": array(string), "fired_rules": array(["type": "object"]),
                "matches": array(["type": "object"]), "matches_truncated": boolean, "ages": array(["type": "object"]),
                "languages": array(string), "input_bytes": integer, "invalid_utf8_bytes": integer, "control_characters": integer,
                "session": object([
                    "attempt_id": integer, "user": string, "text_decision": decision, "decision": decision, "status": string,
                    "flagged_attempts": integer, "rewords": ["type": "object"], "signal": ["type": "object"],
                ]),
            ]),
            "Conversation": object([
                "messages": array(object(["role": ["enum": ["user", "assistant", "system"]], "text": string], required: ["role", "text"])),
                "language": string, "deployment": string,
            ], required: ["messages"]),
            "ConversationResult": object([
                "decision": decision, "user_is_minor": boolean, "language": string, "deployment": string,
                "messages": array(object(["index": integer, "role": string, "verdict": string, "rule_ids": array(string),
                                          "categories": array(string), "matches": array(["type": "object"])])),
                "support_resources": array(resource), "deterrence": resource,
            ]),
            "ProvenanceAnswer": object(["report": provenance, "decision": decision], required: ["report", "decision"]),
            "ModelScanReport": object([
                "path": string, "size": integer, "format": string, "hashes": ["type": "object"], "findings": array(["type": "object"]),
                "decision": decision,
            ]),
            "CompareRequest": object(["a": string, "b": string, "threshold": integer], required: ["a", "b"]),
            "CaseReport": object(["reporter": string, "url": string, "content_hash": string, "kind": string, "team": string,
                                  "description": string], required: ["reporter"]),
            "ReviewCase": object(["id": integer, "team": string, "kind": string, "status": string, "priority_rank": integer,
                                  "due_at": string, "content_hash": string, "url": string, "report_count": integer,
                                  "known_real_victims": boolean, "may_show_real_child": boolean, "category": string, "age_band": string]),
            "IntakeResult": object(["review_case": ref("ReviewCase"), "joined": boolean]),
            "CaseQueue": object(["cases": ["type": "array", "items": ref("ReviewCase")], "next": string]),
            "CaseDetail": object(["review_case": ref("ReviewCase"), "sources": ["type": "array", "items": ["type": "object"]],
                                  "assessments": ["type": "array", "items": ["type": "object"]], "events": ["type": "array", "items": ["type": "object"]]]),
            "Assessment": object(["category": string, "age_band": string, "sex": string, "ai_generated": string,
                                  "discount_reasons": ["type": "array", "items": string], "exploitative": boolean, "note": string]),
            "AssessmentResult": object(["review_case": ref("ReviewCase"), "second_opinion_rules": ["type": "array", "items": string]]),
            "CaseClose": object(["outcome": string, "note": string], required: ["outcome"]),
            "CompareResult": object(["distance": integer, "threshold": integer, "match": boolean]),
            "Webhook": webhook, "WebhookList": array(webhook),
            "WebhookCreate": object(["url": string, "secret": string,
                                     "events": array(["type": "string", "enum": WebhookEventKind.allCases.map(\.rawValue)])], required: ["url"]),
            "CaseReportRequest": object(["hosting_country": string, "reported_url": string]),
            "ReportSubmission": object(["id": string, "destination": string, "case_id": integer, "status": string, "report_id": string,
                                        "next_step": string, "last_error": string, "created_at": string, "updated_at": string]),
            "DeadLetterPage": page(letter),
            "DeliveryOutcome": object(["delivered": boolean, "attempts": integer, "last_error": string]),
        ]
    }
}
