using System.Globalization;
using Berth.Build.Builders;
using Berth.Build.Containerfile;
using Berth.Oci;
using Berth.Storage.Images;

namespace Berth.Build.Execution;

/// <summary>
/// Builds one stage: FROM, then each instruction as a step. With layers on (the default) every step ends as an image
/// (metadata steps without a layer) recorded in the layer cache under a key of everything the step depends on, so an
/// unchanged step is reused ("--> Using cache"). RUN, COPY and ADD work in a working container on the step's parent
/// image, made when first needed and made anew after each layer.
/// </summary>
internal sealed partial class StageBuilder(
    BuilderService builders,
    BuildOutput output,
    BuildOptions options,
    ContainerfileDocument document,
    BuildStage stage,
    IReadOnlyDictionary<string, string> globals,
    string prefix,
    bool isTarget,
    IReadOnlyDictionary<int, Image> earlier,
    List<BuilderState> created,
    string fromWord)
{
    /// <summary>podman 4.3.1's buildah, recorded in every image config it builds (tools read it).</summary>
    private const string BuildahVersion = "1.28.2";

    private readonly StageVariables variables = new(options.BuildArgs, globals);
    private Image? parent;
    private string fromName = "";
    private bool baseIsImage;
    private ImageConfiguration config = null!;
    private BuilderState? builder;
    private bool cmdSet;
    private bool changedFiles;
    private int step;
    private bool firstStep = true;

    private char Escape => document.EscapeCharacter;

    private IReadOnlyList<string> Env => config.Config?.Env ?? [];

    private bool CacheEnabled => options.Layers && !options.NoCache && !options.Squash && !options.SquashAll;

    private bool CommitEachStep => options.Layers && !options.Squash && !options.SquashAll;

    public async Task<Image> BuildAsync(CancellationToken cancellationToken)
    {
        var instructions = await StartAsync(cancellationToken).ConfigureAwait(false);
        var total = instructions.Count + 1;
        output.Line($"{prefix}STEP 1/{total.ToString(CultureInfo.InvariantCulture)}: {FromLine()}");
        step = 1;
        if (instructions.Count == 0)
        {
            return await FinishAsync(null, cancellationToken).ConfigureAwait(false);
        }

        for (var i = 0; i < instructions.Count; i++)
        {
            step++;
            var instruction = instructions[i];
            var last = i == instructions.Count - 1;
            output.Line($"{prefix}STEP {step.ToString(CultureInfo.InvariantCulture)}/{total.ToString(CultureInfo.InvariantCulture)}: {instruction.Original}");
            try
            {
                var image = await StepAsync(instruction, last, cancellationToken).ConfigureAwait(false);
                firstStep = false;
                if (last)
                {
                    return await FinishAsync(image, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (BerthException e) when (!e.Message.StartsWith("building at STEP", StringComparison.Ordinal) && !e.Message.StartsWith(PushFailure, StringComparison.Ordinal))
            {
                throw new BerthException(e.Kind, $"building at STEP \"{instruction.Original}\": {e.Message}", e) { ExitCode = e.ExitCode };
            }
        }

        throw new InvalidOperationException("unreachable");
    }

    /// <summary>Resolves FROM and prepares the config; returns the instructions to run (ONBUILD triggers first).</summary>
    private async Task<IReadOnlyList<Instruction>> StartAsync(CancellationToken cancellationToken)
    {
        var from = fromWord;
        if (string.IsNullOrWhiteSpace(from))
        {
            throw BerthException.InvalidArgument(
                $"{stage.From.Location}: {stage.From.Original}: the base image name is empty after expanding build arguments: pass it with --build-arg or give the ARG a default before the first FROM");
        }

        if (FindStage(document, from, stage.Index) is { } used)
        {
            parent = earlier[used.Index];
            fromName = parent.Id[..12];
        }
        else if (options.NamedContexts.GetValueOrDefault(from) is { } named)
        {
            // FROM a --build-context: only an image one can be a base.
            var image = named.Image ?? throw BerthException.InvalidArgument(
                $"{stage.From.Location}: {stage.From.Original}: the build context \"{from}\" is a directory: only an image context (docker-image://, container-image://) can be a base");
            parent = await builders.Host.ResolveImageAsync(image, options.PullPolicy, output.Progress, cancellationToken).ConfigureAwait(false);
            fromName = parent.Names.Count > 0 ? parent.Names[0] : builders.Host.NormalizeName(image);
            baseIsImage = true;
        }
        else if (BuilderService.IsScratch(from))
        {
            parent = null;
            fromName = "scratch";
        }
        else
        {
            parent = await builders.Host.ResolveImageAsync(from, options.PullPolicy, output.Progress, cancellationToken).ConfigureAwait(false);
            fromName = parent.Names.Count > 0 ? parent.Names[0] : builders.Host.NormalizeName(from);
            baseIsImage = true;
        }

        config = parent is null
            ? new ImageConfiguration
            {
                Architecture = Berth.Oci.Platform.Host.Architecture,
                OS = Berth.Oci.Platform.Host.OS,
                Variant = Berth.Oci.Platform.Host.Variant,
                Config = new ContainerConfig(),
                RootFs = new RootFs { Type = "layers", DiffIds = [] },
                History = [],
            }
            : await builders.ReadConfigAsync(parent, cancellationToken).ConfigureAwait(false);
        var run = config.Config ?? new ContainerConfig();
        var labels = new Dictionary<string, string>(run.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["io.buildah.version"] = BuildahVersion,
        };
        var env = (run.Env ?? []).ToList();
        foreach (var e in options.Env)
        {
            var name = e.Split('=', 2)[0];
            env.RemoveAll(x => x.Split('=', 2)[0] == name);
            env.Add(e);
        }

        var triggers = run.OnBuild ?? [];
        config = config with { Config = run with { Labels = labels, Env = env, OnBuild = null } };
        var instructions = new List<Instruction>();
        foreach (var trigger in triggers)
        {
            instructions.Add(ContainerfileParser.ParseTrigger(trigger, stage.From.Location, Escape));
        }

        instructions.AddRange(stage.Instructions);
        return instructions;
    }

    /// <summary>The FROM line as printed: <c>--from</c> shows its image in the first stage's line, as podman does.</summary>
    private string FromLine() => stage.Index == 0 && !string.IsNullOrEmpty(options.From)
        ? $"FROM {options.From}{(stage.From.StageName is { } name ? " AS " + name : "")}"
        : stage.From.Original;

    /// <summary>A stage named <paramref name="reference"/> (name, or index as a number) before <paramref name="before"/>.</summary>
    internal static BuildStage? FindStage(ContainerfileDocument document, string reference, int before)
    {
        foreach (var s in document.Stages)
        {
            if (s.Index >= before)
            {
                break;
            }

            if (string.Equals(s.Name, reference, StringComparison.OrdinalIgnoreCase)
                || (int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n == s.Index))
            {
                return s;
            }
        }

        return null;
    }

    /// <summary>Runs one step (or reuses its cached image); returns the image it ended as, or null when not committed.</summary>
    private async Task<Image?> StepAsync(Instruction instruction, bool last, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(instruction, cancellationToken).ConfigureAwait(false) with { Comment = Comment() };
        var key = ComputeCacheKey(parent?.Id, plan, options, last && isTarget);
        var (cached, pulled) = await FindCachedAsync(key, plan, cancellationToken).ConfigureAwait(false);
        if (cached is not null)
        {
            output.Line($"--> Using cache {cached.Id}");
            await UseAsync(cached, cancellationToken).ConfigureAwait(false);
            var push = PushesCache && !pulled;
            if (!last || !isTarget)
            {
                if (push)
                {
                    await PushCacheAsync(cached, key, cancellationToken).ConfigureAwait(false);
                }

                ImageIdLine(cached.Id);
            }
            else if (push)
            {
                finalPushKey = key;
            }

            return cached;
        }

        if (plan.ChangesFiles)
        {
            var state = await BuilderAsync(cancellationToken).ConfigureAwait(false);
            await plan.Execute!(state, cancellationToken).ConfigureAwait(false);
            changedFiles = true;
        }

        config = plan.Config ?? config;
        if (!CommitEachStep)
        {
            config = config with { History = [.. config.History ?? [], History(plan, emptyLayer: true)] };
            if (plan.ChangesFiles)
            {
                lastFilesHistory = config.History!.Count - 1;
            }

            return null;
        }

        if (last && isTarget)
        {
            pendingPlan = plan;
            pendingKey = key;
            finalPushKey = PushesCache ? key : null;
            return null;
        }

        var image = await CommitAsync(plan, [], cancellationToken).ConfigureAwait(false);
        builders.Host.Store.BuildCache.Record(key, image.Id);
        if (PushesCache)
        {
            await PushCacheAsync(image, key, cancellationToken).ConfigureAwait(false);
        }

        ImageIdLine(image.Id);
        return image;
    }

    private StepPlan? pendingPlan;
    private string? pendingKey;
    private int lastFilesHistory = -1;

    /// <summary>The stage's image: the last step's (named when this is the target), committed if it is not yet.</summary>
    private async Task<Image> FinishAsync(Image? lastImage, CancellationToken cancellationToken)
    {
        var store = builders.Host.Store;
        var names = isTarget ? options.Tags : [];
        if (isTarget)
        {
            output.Line($"{prefix}COMMIT{(options.Tags.Count > 0 ? " " + TagAsGiven() : "")}");
        }

        Image image;
        if (pendingPlan is { } plan)
        {
            image = await CommitAsync(plan, names, cancellationToken).ConfigureAwait(false);
            store.BuildCache.Record(pendingKey!, image.Id);
        }
        else if (lastImage is not null)
        {
            image = lastImage;
        }
        else if (!CommitEachStep && (changedFiles || step > 1))
        {
            image = await CommitStageAsync(names, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // A stage of only FROM is its base image, unless the target's final settings make it a new one.
            image = parent is not null && !(isTarget && HasFinalSettings) ? parent : await CommitStageAsync(names, cancellationToken).ConfigureAwait(false);
        }

        foreach (var name in names)
        {
            store.Images.Tag(image.Id, name);
        }

        if (finalPushKey is { } pushKey)
        {
            await PushCacheAsync(image, pushKey, cancellationToken).ConfigureAwait(false);
        }

        if (isTarget)
        {
            ImageIdLine(image.Id);
        }

        return image;
    }

    /// <summary>Layers off, squash: the whole stage as one commit (one layer when any step changed files).</summary>
    private async Task<Image> CommitStageAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var history = (config.History ?? []).ToList();
        if (lastFilesHistory >= 0)
        {
            history[lastFilesHistory] = history[lastFilesHistory] with { EmptyLayer = null };
        }

        var squashAll = options.SquashAll && isTarget;
        var state = changedFiles || squashAll ? builder ?? await BuilderAsync(cancellationToken).ConfigureAwait(false)
            : await builders.DescribeAsync(parent, config, cancellationToken).ConfigureAwait(false);
        return await builders.CommitAsync(state, new BuilderCommitRequest
        {
            Config = WithFinalSettings(config with { History = history }),
            EmptyLayer = !changedFiles,
            Squash = squashAll,
            // Squashed, the base's entries become empty ones and one new entry stands for the only layer.
            NoHistory = !squashAll,
            Names = names,
            Format = options.Format,
            Timestamp = options.Timestamp,
            ParentImageId = parent?.Id,
            Annotations = ManifestAnnotations(isTarget),
            OmitHistory = isTarget && options.OmitHistory,
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Image> CommitAsync(StepPlan plan, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        // A metadata step needs no working container: its image is the parent's layers with a new config.
        var state = plan.ChangesFiles ? builder ?? await BuilderAsync(cancellationToken).ConfigureAwait(false)
            : await builders.DescribeAsync(parent, config, cancellationToken).ConfigureAwait(false);
        var final = names.Count > 0 || (isTarget && pendingPlan == plan);
        var image = await builders.CommitAsync(state, new BuilderCommitRequest
        {
            CreatedBy = plan.CreatedBy,
            Comment = plan.Comment,
            EmptyLayer = !plan.ChangesFiles,
            Names = names,
            Format = options.Format,
            Config = final ? WithFinalSettings(config) : config,
            Timestamp = options.Timestamp,
            ParentImageId = parent?.Id,
            Annotations = ManifestAnnotations(final),
            OmitHistory = final && options.OmitHistory,
        }, cancellationToken).ConfigureAwait(false);
        if (plan.ChangesFiles)
        {
            // The working container holds this layer's changes already: the next file step starts a new one.
            await DropBuilderAsync().ConfigureAwait(false);
        }

        parent = image;
        config = await builders.ReadConfigAsync(image, cancellationToken).ConfigureAwait(false);
        return image;
    }

    /// <summary>Continues from a cached image: its config, and a working container only when a later step needs one.</summary>
    private async Task UseAsync(Image cached, CancellationToken cancellationToken)
    {
        if (builder is not null && cached.TopLayer != parent?.TopLayer)
        {
            await DropBuilderAsync().ConfigureAwait(false);
        }

        parent = cached;
        config = await builders.ReadConfigAsync(cached, cancellationToken).ConfigureAwait(false);
    }

    private async Task<BuilderState> BuilderAsync(CancellationToken cancellationToken)
    {
        if (builder is null)
        {
            builder = parent is null
                ? await builders.CreateAsync("scratch", null, "never", output.Progress, cancellationToken).ConfigureAwait(false)
                : await builders.CreateFromImageAsync(fromName, parent, null, cancellationToken).ConfigureAwait(false);
            created.Add(builder);
        }

        builder = builder.WithConfig(config);
        return builder;
    }

    private async Task DropBuilderAsync()
    {
        if (builder is { } old)
        {
            builder = null;
            created.Remove(old);
            await builders.RemoveAsync(old, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>podman's history comment: the base as named for the first step, then the parent's short ID.</summary>
    private string Comment() => firstStep || parent is null ? $"FROM {fromName}" : $"FROM {parent.Id[..12]}";

    private HistoryEntry History(StepPlan plan, bool emptyLayer) => new()
    {
        Created = options.Timestamp ?? DateTimeOffset.UtcNow,
        CreatedBy = plan.CreatedBy,
        Comment = plan.Comment,
        EmptyLayer = emptyLayer ? true : null,
    };

    /// <summary>Settings only the target's final image gets: <c>--label</c>, <c>--unsetenv</c>, <c>--annotation</c>,
    /// <c>--omit-history</c>.</summary>
    private bool HasFinalSettings => options.Labels.Count > 0 || options.UnsetEnv.Count > 0 || options.Annotations.Count > 0 || options.OmitHistory;

    /// <summary>The target's final image config gets <c>--label</c> and loses the <c>--unsetenv</c> variables.</summary>
    private ImageConfiguration WithFinalSettings(ImageConfiguration image)
    {
        if (!isTarget || (options.Labels.Count == 0 && options.UnsetEnv.Count == 0))
        {
            return image;
        }

        var run = image.Config ?? new ContainerConfig();
        var labels = new Dictionary<string, string>(run.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (k, v) in options.Labels)
        {
            labels[k] = v;
        }

        var env = run.Env?.Where(e => !options.UnsetEnv.Contains(e.Split('=', 2)[0], StringComparer.Ordinal)).ToList();
        return image with { Config = run with { Labels = labels, Env = env } };
    }

    /// <summary>
    /// The manifest's annotations: like podman, every image of a stage built on an image names that base
    /// (<c>org.opencontainers.image.base.name</c>) and the digest of the image it was committed over
    /// (<c>…base.digest</c>); the target's final image adds <c>--annotation</c>. Docker manifests have none.
    /// </summary>
    private Dictionary<string, string> ManifestAnnotations(bool final)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (baseIsImage && parent is not null)
        {
            annotations["org.opencontainers.image.base.digest"] = parent.ManifestDigest.ToString();
            annotations["org.opencontainers.image.base.name"] = fromName;
        }

        if (final)
        {
            foreach (var (k, v) in options.Annotations)
            {
                annotations[k] = v;
            }
        }

        return annotations;
    }

    private string TagAsGiven() => options.TagAsGiven ?? options.Tags[0];

    /// <summary>podman's "--> id" line: 11 characters of the ID, left out when <c>--iidfile</c> is given.</summary>
    private void ImageIdLine(string id)
    {
        if (!options.WritesIidFile)
        {
            output.Line($"--> {id[..11]}");
        }
    }
}
