import BulwarkCore

/// What a model's `__metadata__` says about how it was trained: the kohya-ss `ss_*` keys
/// written by sd-scripts and compatible trainers, and the Stability AI `modelspec.*` keys.
///
/// Training metadata survives inside LoRA files and can name the images, folders and tags a
/// model was trained on, so it is read in full and handed to the text checks.
public struct TrainingMetadata: Sendable, Hashable, Codable {
    /// `ss_output_name`: the name the trainer gave the output.
    public var outputName: String?
    /// `ss_sd_model_name`: the base checkpoint's file name.
    public var baseModelName: String?
    /// `ss_sd_model_hash` (old short hash) of the base checkpoint.
    public var baseModelHash: String?
    /// `ss_new_sd_model_hash` (SHA-256) of the base checkpoint.
    public var newBaseModelHash: String?
    /// `ss_base_model_version`, e.g. `sd_v1`, `sdxl_base_v1-0`, `flux1`.
    public var baseModelVersion: String?
    /// `ss_training_comment`.
    public var trainingComment: String?
    /// `ss_num_train_images`.
    public var trainImageCount: Int?
    /// `ss_network_module`, e.g. `networks.lora`, `lycoris.kohya`.
    public var networkModule: String?
    /// `ss_network_dim` (rank).
    public var networkDim: String?
    /// `ss_network_alpha`.
    public var networkAlpha: String?
    /// Dataset folder names from `ss_dataset_dirs` and `ss_datasets` (kohya's `N_name` form).
    public var datasetDirectories: [String] = []
    /// Tag counts per dataset folder, from `ss_tag_frequency` (and `ss_datasets`).
    public var tagFrequency: [String: [String: Int]] = [:]
    /// `modelspec.*` keys (without the prefix), e.g. `architecture`, `title`, `trigger_phrase`.
    public var modelSpec: [String: String] = [:]
    /// The other `ss_*` keys, verbatim.
    public var otherTrainingKeys: [String: String] = [:]
    /// Problems reading the embedded JSON values (they do not stop the scan).
    public var findings: [ModelFinding] = []

    /// Empty training metadata.
    public init() {}

    /// Every tag with its total count over all folders, most frequent first.
    public var tagTotals: [(tag: String, count: Int)] {
        var totals: [String: Int] = [:]
        for tags in tagFrequency.values {
            for (tag, count) in tags { totals[tag, default: 0] &+= max(0, count) }
        }
        return totals.map { ($0.key, $0.value) }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.tag < $1.tag }
    }

    /// Whether the file carries any training metadata at all.
    public var isEmpty: Bool {
        outputName == nil && baseModelName == nil && baseModelVersion == nil && trainingComment == nil
            && datasetDirectories.isEmpty && tagFrequency.isEmpty && modelSpec.isEmpty && otherTrainingKeys.isEmpty
            && networkModule == nil
    }

    /// The most tags kept per folder, so a hostile file cannot blow up the report.
    public static let maxTagsPerFolder = 20_000
    /// The most dataset folders kept.
    public static let maxFolders = 1_000

    /// Reads the training keys out of safetensors `__metadata__`.
    public init(metadata: [(key: String, value: String)]) {
        for (key, value) in metadata {
            switch key {
            case "ss_output_name": outputName = value
            case "ss_sd_model_name": baseModelName = value
            case "ss_sd_model_hash": baseModelHash = value
            case "ss_new_sd_model_hash": newBaseModelHash = value
            case "ss_base_model_version": baseModelVersion = value
            case "ss_training_comment": trainingComment = value
            case "ss_num_train_images": trainImageCount = Int(value.trimmingWhitespace())
            case "ss_network_module": networkModule = value
            case "ss_network_dim": networkDim = value
            case "ss_network_alpha": networkAlpha = value
            case "ss_dataset_dirs": readDatasetDirs(value)
            case "ss_tag_frequency": readTagFrequency(value, key: key)
            case "ss_datasets": readDatasets(value)
            default:
                if key.hasPrefix("modelspec.") {
                    modelSpec[String(key.dropFirst("modelspec.".count))] = value
                } else if key.hasPrefix("ss_") {
                    otherTrainingKeys[key] = value
                }
            }
        }
        datasetDirectories = Array(Set(datasetDirectories)).sorted()
    }

    private mutating func embeddedJSON(_ text: String, key: String) -> JSONValue? {
        do {
            return try StrictJSONParser(what: "JSON inside metadata \(key)").parse(Array(text.utf8))
        } catch {
            findings.append(ModelFinding(kind: .malformed, code: "metadata.embedded-json", message: "\(error)", location: key))
            return nil
        }
    }

    private mutating func readDatasetDirs(_ text: String) {
        guard let value = embeddedJSON(text, key: "ss_dataset_dirs") else { return }
        guard case let .object(dirs) = value else {
            findings.append(ModelFinding(kind: .malformed, code: "metadata.embedded-json", message: "ss_dataset_dirs is not an object", location: "ss_dataset_dirs"))
            return
        }
        for dir in dirs.prefix(Self.maxFolders) { datasetDirectories.append(dir.key) }
    }

    private mutating func readTagFrequency(_ text: String, key: String) {
        guard let value = embeddedJSON(text, key: key) else { return }
        mergeTagFrequency(value, key: key)
    }

    private mutating func mergeTagFrequency(_ value: JSONValue, key: String) {
        guard case let .object(folders) = value else {
            findings.append(ModelFinding(kind: .malformed, code: "metadata.embedded-json", message: "tag frequency is not an object", location: key))
            return
        }
        for folder in folders.prefix(Self.maxFolders) {
            guard case let .object(tags) = folder.value else { continue }
            var counts = tagFrequency[folder.key] ?? [:]
            for tag in tags.prefix(Self.maxTagsPerFolder) {
                let count = tag.value.doubleValue.map { $0.isFinite ? Int(max(0, min($0, 1e12))) : 0 } ?? 0
                counts[tag.key] = max(counts[tag.key] ?? 0, count)
            }
            tagFrequency[folder.key] = counts
        }
    }

    /// `ss_datasets` (newer sd-scripts): a list of datasets with `tag_frequency` and `subsets[].image_dir`.
    private mutating func readDatasets(_ text: String) {
        guard let value = embeddedJSON(text, key: "ss_datasets") else { return }
        guard case let .array(datasets) = value else { return }
        for dataset in datasets.prefix(Self.maxFolders) {
            if let tags = dataset["tag_frequency"] { mergeTagFrequency(tags, key: "ss_datasets") }
            if case let .array(subsets)? = dataset["subsets"] {
                for subset in subsets.prefix(Self.maxFolders) {
                    if let dir = subset["image_dir"]?.stringValue { datasetDirectories.append(dir) }
                }
            }
        }
    }
}
