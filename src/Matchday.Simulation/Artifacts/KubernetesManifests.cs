using System.Collections.Immutable;
using System.Globalization;
using k8s;
using k8s.Models;
using Matchday.Core.Artifacts;
using Matchday.Simulation.Autoscaling;
using Matchday.Simulation.Events;

namespace Matchday.Simulation.Artifacts;

/// <summary>
/// The origin's Kubernetes manifests, built with the Kubernetes client library's typed models (so every field exists
/// and has its type) and written with its YAML serializer: the Deployment (the pods' requests and limits are those the
/// simulated HPA measures utilization against), a Service for the CDN shields, the HorizontalPodAutoscaler
/// (autoscaling/v2) built field for field from the spec the simulated night ran with, and a PodDisruptionBudget.
/// </summary>
public static class KubernetesManifests
{
    /// <summary>The origin container's image: a placeholder the platform replaces with its own packager or web server.</summary>
    public const string Image = "nginx:1.27";

    /// <summary>The port the origin serves segments and playlists on.</summary>
    public const int Port = 8080;

    /// <summary>The objects, in the order <c>kubectl apply</c> takes them.</summary>
    public static ImmutableArray<IKubernetesObject> Build(NightModel model, OriginScaling scaling)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(scaling);
        var s = model.Scenario;
        var ns = MetricsContract.Namespace(s);
        var name = MetricsContract.OriginDeployment;
        var labels = new Dictionary<string, string>
        {
            ["app.kubernetes.io/name"] = name,
            ["app.kubernetes.io/part-of"] = ns,
            ["app.kubernetes.io/managed-by"] = "matchday",
        };
        var selector = new Dictionary<string, string> { ["app.kubernetes.io/name"] = name, ["app.kubernetes.io/part-of"] = ns };
        V1ObjectMeta Meta(string n) => new() { Name = n, NamespaceProperty = ns, Labels = new Dictionary<string, string>(labels) };

        var pod = model.OriginPod;
        var requests = pod.Requests.ToDictionary(kv => kv.Key, kv => Quantity(kv.Key, kv.Value), StringComparer.Ordinal);
        var limits = pod.Metrics.Where(m => m.Limit is not null && pod.Requests.ContainsKey(m.Metric)).ToDictionary(m => m.Metric, m => Quantity(m.Metric, m.Limit!.Value), StringComparer.Ordinal);

        var deployment = new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = Meta(name),
            Spec = new V1DeploymentSpec
            {
                Replicas = model.InitialOriginReplicas,
                Selector = new V1LabelSelector { MatchLabels = selector },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels) },
                    Spec = new V1PodSpec
                    {
                        Containers =
                        [
                            new V1Container
                            {
                                Name = name,
                                Image = Image,
                                Ports = [new V1ContainerPort { Name = "http", ContainerPort = Port }],
                                Resources = new V1ResourceRequirements { Requests = requests, Limits = limits },
                                ReadinessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = Port }, PeriodSeconds = 5 },
                            },
                        ],
                    },
                },
            },
        };
        var service = new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = Meta(name),
            Spec = new V1ServiceSpec
            {
                Type = "LoadBalancer",
                Selector = selector,
                Ports = [new V1ServicePort { Name = "http", Port = 80, TargetPort = Port, Protocol = "TCP" }],
            },
        };
        var hpa = new V2HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v2",
            Kind = "HorizontalPodAutoscaler",
            Metadata = Meta(ArtifactText.KubernetesName(s.Autoscaling.Name)),
            Spec = HpaSpecOf(model.OriginHpa, name),
        };
        var pdb = new V1PodDisruptionBudget
        {
            ApiVersion = "policy/v1",
            Kind = "PodDisruptionBudget",
            Metadata = Meta(name),
            Spec = new V1PodDisruptionBudgetSpec { MinAvailable = scaling.MinAvailable, Selector = new V1LabelSelector { MatchLabels = selector } },
        };
        return [deployment, service, hpa, pdb];
    }

    /// <summary>The manifests as one YAML stream (documents separated by <c>---</c>).</summary>
    public static string Yaml(IEnumerable<IKubernetesObject> objects, string header)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(header);
        var w = new System.Text.StringBuilder();
        foreach (var line in header.Split('\n')) w.AppendLine(line.Length == 0 ? "#" : "# " + line);
        var first = true;
        foreach (var o in objects)
        {
            if (!first) w.AppendLine("---");
            first = false;
            w.Append(KubernetesYaml.Serialize(o).TrimEnd()).AppendLine();
        }
        return w.ToString();
    }

    /// <summary>A resource amount as Kubernetes writes it: cpu in millicores (<c>1000m</c>), memory in binary units (<c>2Gi</c>).</summary>
    private static ResourceQuantity Quantity(string resource, double value)
    {
        var inv = CultureInfo.InvariantCulture;
        if (resource == "cpu") return new ResourceQuantity(((long)Math.Round(value * 1000)).ToString(inv) + "m");
        const double Mi = 1024 * 1024;
        var mi = value / Mi;
        return new ResourceQuantity(mi % 1024 == 0 ? (mi / 1024).ToString(inv) + "Gi" : Math.Ceiling(mi).ToString(inv) + "Mi");
    }

    /// <summary>The autoscaling/v2 spec of the HPA the night runs, field for field.</summary>
    internal static V2HorizontalPodAutoscalerSpec HpaSpecOf(HpaSpec spec, string deployment) => new()
    {
        ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = deployment },
        MinReplicas = spec.MinReplicas,
        MaxReplicas = spec.MaxReplicas,
        Metrics = [.. spec.Metrics.Select(Metric)],
        Behavior = spec.Behavior is null ? null : new V2HorizontalPodAutoscalerBehavior { ScaleUp = Rules(spec.Behavior.ScaleUp), ScaleDown = Rules(spec.Behavior.ScaleDown) },
    };

    private static V2MetricSpec Metric(HpaMetric m)
    {
        var target = Target(m.Target);
        return m.Source switch
        {
            HpaMetricSource.Resource => new V2MetricSpec { Type = "Resource", Resource = new V2ResourceMetricSource { Name = m.Name, Target = target } },
            HpaMetricSource.Pods => new V2MetricSpec { Type = "Pods", Pods = new V2PodsMetricSource { Metric = new V2MetricIdentifier { Name = m.Name }, Target = target } },
            // An object metric describes the Service in front of the pods (an Ingress's requests per second is the usual one).
            HpaMetricSource.Object => new V2MetricSpec { Type = "Object", ObjectProperty = new V2ObjectMetricSource { Metric = new V2MetricIdentifier { Name = m.Name }, Target = target, DescribedObject = new V2CrossVersionObjectReference { ApiVersion = "v1", Kind = "Service", Name = MetricsContract.OriginDeployment } } },
            HpaMetricSource.External => new V2MetricSpec { Type = "External", External = new V2ExternalMetricSource { Metric = new V2MetricIdentifier { Name = m.Name }, Target = target } },
        };
    }

    private static V2MetricTarget Target(HpaTarget t) => t.Type switch
    {
        HpaTargetType.Utilization => new V2MetricTarget { Type = "Utilization", AverageUtilization = (int)Math.Round(t.Amount) },
        HpaTargetType.AverageValue => new V2MetricTarget { Type = "AverageValue", AverageValue = new ResourceQuantity(Amount(t.Amount)) },
        HpaTargetType.Value => new V2MetricTarget { Type = "Value", Value = new ResourceQuantity(Amount(t.Amount)) },
    };

    /// <summary>A metric amount as a quantity: whole numbers plain, fractions in milli-units (<c>1500m</c>).</summary>
    private static string Amount(double x) =>
        x == Math.Floor(x) ? ((long)x).ToString(CultureInfo.InvariantCulture) : ((long)Math.Round(x * 1000)).ToString(CultureInfo.InvariantCulture) + "m";

    private static V2HPAScalingRules? Rules(HpaScalingRules? r) => r is null ? null : new V2HPAScalingRules
    {
        StabilizationWindowSeconds = r.StabilizationWindow is { } w ? (int)Math.Round(w.Seconds) : null,
        SelectPolicy = r.SelectPolicy is { } p ? Words(p) : null,
        Policies = r.Policies is { } policies ? [.. policies.Select(x => new V2HPAScalingPolicy { Type = x.Type == HpaPolicyType.Pods ? "Pods" : "Percent", Value = x.Value, PeriodSeconds = (int)Math.Round(x.Period.Seconds) })] : null,
    };

    private static string Words(HpaSelectPolicy p) => p switch
    {
        HpaSelectPolicy.Max => "Max",
        HpaSelectPolicy.Min => "Min",
        HpaSelectPolicy.Disabled => "Disabled",
    };
}
