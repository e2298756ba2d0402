// swift-format-ignore-file

/// The files under `models/` (pricing models, node catalogues, failure files, policies), carried in
/// the binary so that `--pricing aws-m5-spot-mix` and `models/...` paths work from any directory.
/// Written by `.ci/embed-models.py` from `models/`; a test checks that the two agree.
public enum ShippedModels {
    /// Path under `models/` → the file's text.
    public static let files: [String: String] = [
        "catalogues/aws-us-east-1.yaml": #"""
            # Amazon EC2 node types for EKS in us-east-1 (US East, N. Virginia): Linux, shared tenancy, USD per
            # instance-hour. On-demand prices are the AWS Price List figures embedded in Karpenter's generated table
            # (aws/karpenter-provider-aws pkg/providers/pricing/zz_generated.pricing_aws.go, "generated at
            # 2026-07-20T13:44:30Z for us-east-1", commit 6fc13b5236fd). Spot prices are the Linux column of AWS's
            # public spot feed https://website.spot.ec2.aws.a2z.com/spot.json (the feed behind
            # https://aws.amazon.com/ec2/spot/pricing/; it shows the lowest current price across the region's AZs),
            # read from the copy committed in alexei-led/spotinfo (internal/spot/data/spot-price-data.json, commit
            # 69bcec6705869f); its manifest records the fetch as 2026-08-06T08:58:27Z. Spot prices move every few
            # minutes and differ per AZ, so treat them as one dated sample, not a forecast. Committed discounts are EC2
            # Standard Reserved Instances, 1 year, no upfront (Linux, shared tenancy): the AWS Price List
            # `yrTerm1Standard.noUpfront` rate, shown to 3 decimals on the per-type pages vantage-sh/ec2instances.info
            # committed on 2022-07-07 (www/<type>.html, `_prices['us-east-1']['linux']['_1yr']`, commit 136b6119d544);
            # discount_ratio = 1 - that rate / on_demand. Those pages show the same on-demand prices as above; no newer
            # dated copy of the RI or Savings Plan rates was found, so the ratios are as of 2022-07-07.
            # Capacity figures (vcpu, memory_gib) are the nominal instance sizes; max_pods is the EKS AMI default.
            apiVersion: opexsim.io/v1
            kind: NodeCatalogue
            provider: aws
            region: us-east-1
            currency: USD
            allocatable_rule: >-
              EKS AMI (nodeadm) defaults: kube-reserved CPU = 6% of the first core + 1% of the second + 0.5% of cores
              3-4 + 0.25% of every core above 4 (integer millicores); kube-reserved memory = 11 MiB x max_pods + 255 MiB;
              evictionHard memory.available < 100Mi; max_pods = ENIs x (IPv4 per ENI - 1) + 2 from instance-info.jsonl.
              allocatable = capacity - kube-reserved - eviction threshold. Source:
              https://github.com/awslabs/amazon-eks-ami/blob/81fec2e895854f599974fe4d3d72f61c0a9aaffa/nodeadm/internal/kubelet/config.go
              and .../nodeadm/internal/kubelet/eni_max_pods.go (commit 81fec2e, 2026-07-23).
            node_types:
              - name: t3.large
                vcpu: 2
                memory_gib: 8
                max_pods: 35                       # ENI formula: 3 ENIs x (12 IPv4/ENI - 1) + 2
                allocatable: {cpu_cores: 1.93, memory_gib: 7.277}
                on_demand: {hourly_usd: 0.0832, as_of: 2026-07-20, source: "https://github.com/aws/karpenter-provider-aws/blob/6fc13b5236fd04fd16ff3f9dc7490d0813994099/pkg/providers/pricing/zz_generated.pricing_aws.go"}
                spot: {hourly_usd: 0.0273, as_of: 2026-08-06, source: "https://github.com/alexei-led/spotinfo/blob/69bcec6705869f89302ee456159dfe39f8dc2b7b/internal/spot/data/spot-price-data.json"}
                committed: {discount_ratio: 0.375, term: 1y, kind: "EC2 Standard Reserved Instance, 1 year, no upfront (0.052 $/h)", as_of: 2022-07-07, source: "https://github.com/vantage-sh/ec2instances.info/blob/136b6119d544e5249b39256c1d2871af2952903a/www/t3.large.html"}
              - name: t3.xlarge
                vcpu: 4
                memory_gib: 16
                max_pods: 58                       # ENI formula: 4 ENIs x (15 IPv4/ENI - 1) + 2
                allocatable: {cpu_cores: 3.92, memory_gib: 15.03}
                on_demand: {hourly_usd: 0.1664, as_of: 2026-07-20, source: "https://github.com/aws/karpenter-provider-aws/blob/6fc13b5236fd04fd16ff3f9dc7490d0813994099/pkg/providers/pricing/zz_generated.pricing_aws.go"}
                spot: {hourly_usd: 0.0502, as_of: 2026-08-06, source: "https://github.com/alexei-led/spotinfo/blob/69bcec6705869f89302ee456159dfe39f8dc2b7b/internal/spot/data/spot-price-data.json"}
                committed: {discount_ratio: 0.375, term: 1y, kind: "EC2 Standard Reserved Instance, 1 year, no upfront (0.104 $/h)", as_of: 2022-07-07, source: "https://github.com/vantage-sh/ec2instances.info/blob/136b6119d544e5249b39256c1d2871af2952903a/www/t3.xlarge.html"}
              - name: m5.xlarge
                vcpu: 4
                memory_gib: 16
                max_pods: 58                       # ENI formula: 4 ENIs x (15 IPv4/ENI - 1) + 2
                allocatable: {cpu_cores: 3.92, memory_gib: 15.03}
                on_demand: {hourly_usd: 0.192, as_of: 2026-07-20, source: "https://github.com/aws/karpenter-provider-aws/blob/6fc13b5236fd04fd16ff3f9dc7490d0813994099/pkg/providers/pricing/zz_generated.pricing_aws.go"}
                spot: {hourly_usd: 0.0627, as_of: 2026-08-06, source: "https://github.com/alexei-led/spotinfo/blob/69bcec6705869f89302ee456159dfe39f8dc2b7b/internal/spot/data/spot-price-data.json"}
                committed: {discount_ratio: 0.370, term: 1y, kind: "EC2 Standard Reserved Instance, 1 year, no upfront (0.121 $/h)", as_of: 2022-07-07, source: "https://github.com/vantage-sh/ec2instances.info/blob/136b6119d544e5249b39256c1d2871af2952903a/www/m5.xlarge.html"}
              - name: m5.2xlarge
                vcpu: 8
                memory_gib: 32
                max_pods: 58                       # ENI formula: 4 ENIs x (15 IPv4/ENI - 1) + 2
                allocatable: {cpu_cores: 7.91, memory_gib: 31.03}
                on_demand: {hourly_usd: 0.384, as_of: 2026-07-20, source: "https://github.com/aws/karpenter-provider-aws/blob/6fc13b5236fd04fd16ff3f9dc7490d0813994099/pkg/providers/pricing/zz_generated.pricing_aws.go"}
                spot: {hourly_usd: 0.1524, as_of: 2026-08-06, source: "https://github.com/alexei-led/spotinfo/blob/69bcec6705869f89302ee456159dfe39f8dc2b7b/internal/spot/data/spot-price-data.json"}
                committed: {discount_ratio: 0.370, term: 1y, kind: "EC2 Standard Reserved Instance, 1 year, no upfront (0.242 $/h)", as_of: 2022-07-07, source: "https://github.com/vantage-sh/ec2instances.info/blob/136b6119d544e5249b39256c1d2871af2952903a/www/m5.2xlarge.html"}
              - name: m6i.xlarge
                vcpu: 4
                memory_gib: 16
                max_pods: 58                       # ENI formula: 4 ENIs x (15 IPv4/ENI - 1) + 2
                allocatable: {cpu_cores: 3.92, memory_gib: 15.03}
                on_demand: {hourly_usd: 0.192, as_of: 2026-07-20, source: "https://github.com/aws/karpenter-provider-aws/blob/6fc13b5236fd04fd16ff3f9dc7490d0813994099/pkg/providers/pricing/zz_generated.pricing_aws.go"}
                spot: {hourly_usd: 0.0828, as_of: 2026-08-06, source: "https://github.com/alexei-led/spotinfo/blob/69bcec6705869f89302ee456159dfe39f8dc2b7b/internal/spot/data/spot-price-data.json"}
                committed: {discount_ratio: 0.339, term: 1y, kind: "EC2 Standard Reserved Instance, 1 year, no upfront (0.127 $/h)", as_of: 2022-07-07, source: "https://github.com/vantage-sh/ec2instances.info/blob/136b6119d544e5249b39256c1d2871af2952903a/www/m6i.xlarge.html"}
              - name: m6i.4xlarge
                vcpu: 16
                memory_gib: 64
                max_pods: 234                      # ENI formula: 8 ENIs x (30 IPv4/ENI - 1) + 2
                allocatable: {cpu_cores: 15.89, memory_gib: 61.14}
                on_demand: {hourly_usd: 0.768, as_of: 2026-07-20, source: "https://github.com/aws/karpenter-provider-aws/blob/6fc13b5236fd04fd16ff3f9dc7490d0813994099/pkg/providers/pricing/zz_generated.pricing_aws.go"}
                spot: {hourly_usd: 0.2197, as_of: 2026-08-06, source: "https://github.com/alexei-led/spotinfo/blob/69bcec6705869f89302ee456159dfe39f8dc2b7b/internal/spot/data/spot-price-data.json"}
                committed: {discount_ratio: 0.339, term: 1y, kind: "EC2 Standard Reserved Instance, 1 year, no upfront (0.508 $/h)", as_of: 2022-07-07, source: "https://github.com/vantage-sh/ec2instances.info/blob/136b6119d544e5249b39256c1d2871af2952903a/www/m6i.4xlarge.html"}
              - name: c5.xlarge
                vcpu: 4
                memory_gib: 8
                max_pods: 58                       # ENI formula: 4 ENIs x (15 IPv4/ENI - 1) + 2
                allocatable: {cpu_cores: 3.92, memory_gib: 7.030}
                on_demand: {hourly_usd: 0.17, as_of: 2026-07-20, source: "https://github.com/aws/karpenter-provider-aws/blob/6fc13b5236fd04fd16ff3f9dc7490d0813994099/pkg/providers/pricing/zz_generated.pricing_aws.go"}
                spot: {hourly_usd: 0.0646, as_of: 2026-08-06, source: "https://github.com/alexei-led/spotinfo/blob/69bcec6705869f89302ee456159dfe39f8dc2b7b/internal/spot/data/spot-price-data.json"}
                committed: {discount_ratio: 0.371, term: 1y, kind: "EC2 Standard Reserved Instance, 1 year, no upfront (0.107 $/h)", as_of: 2022-07-07, source: "https://github.com/vantage-sh/ec2instances.info/blob/136b6119d544e5249b39256c1d2871af2952903a/www/c5.xlarge.html"}
              - name: c6i.2xlarge
                vcpu: 8
                memory_gib: 16
                max_pods: 58                       # ENI formula: 4 ENIs x (15 IPv4/ENI - 1) + 2
                allocatable: {cpu_cores: 7.91, memory_gib: 15.03}
                on_demand: {hourly_usd: 0.34, as_of: 2026-07-20, source: "https://github.com/aws/karpenter-provider-aws/blob/6fc13b5236fd04fd16ff3f9dc7490d0813994099/pkg/providers/pricing/zz_generated.pricing_aws.go"}
                spot: {hourly_usd: 0.1463, as_of: 2026-08-06, source: "https://github.com/alexei-led/spotinfo/blob/69bcec6705869f89302ee456159dfe39f8dc2b7b/internal/spot/data/spot-price-data.json"}
                committed: {discount_ratio: 0.338, term: 1y, kind: "EC2 Standard Reserved Instance, 1 year, no upfront (0.225 $/h)", as_of: 2022-07-07, source: "https://github.com/vantage-sh/ec2instances.info/blob/136b6119d544e5249b39256c1d2871af2952903a/www/c6i.2xlarge.html"}
              - name: r5.xlarge
                vcpu: 4
                memory_gib: 32
                max_pods: 58                       # ENI formula: 4 ENIs x (15 IPv4/ENI - 1) + 2
                allocatable: {cpu_cores: 3.92, memory_gib: 31.03}
                on_demand: {hourly_usd: 0.252, as_of: 2026-07-20, source: "https://github.com/aws/karpenter-provider-aws/blob/6fc13b5236fd04fd16ff3f9dc7490d0813994099/pkg/providers/pricing/zz_generated.pricing_aws.go"}
                spot: {hourly_usd: 0.0782, as_of: 2026-08-06, source: "https://github.com/alexei-led/spotinfo/blob/69bcec6705869f89302ee456159dfe39f8dc2b7b/internal/spot/data/spot-price-data.json"}
                committed: {discount_ratio: 0.369, term: 1y, kind: "EC2 Standard Reserved Instance, 1 year, no upfront (0.159 $/h)", as_of: 2022-07-07, source: "https://github.com/vantage-sh/ec2instances.info/blob/136b6119d544e5249b39256c1d2871af2952903a/www/r5.xlarge.html"}
              - name: r5.2xlarge
                vcpu: 8
                memory_gib: 64
                max_pods: 58                       # ENI formula: 4 ENIs x (15 IPv4/ENI - 1) + 2
                allocatable: {cpu_cores: 7.91, memory_gib: 63.03}
                on_demand: {hourly_usd: 0.504, as_of: 2026-07-20, source: "https://github.com/aws/karpenter-provider-aws/blob/6fc13b5236fd04fd16ff3f9dc7490d0813994099/pkg/providers/pricing/zz_generated.pricing_aws.go"}
                spot: {hourly_usd: 0.1864, as_of: 2026-08-06, source: "https://github.com/alexei-led/spotinfo/blob/69bcec6705869f89302ee456159dfe39f8dc2b7b/internal/spot/data/spot-price-data.json"}
                committed: {discount_ratio: 0.369, term: 1y, kind: "EC2 Standard Reserved Instance, 1 year, no upfront (0.318 $/h)", as_of: 2022-07-07, source: "https://github.com/vantage-sh/ec2instances.info/blob/136b6119d544e5249b39256c1d2871af2952903a/www/r5.2xlarge.html"}
            """#,
        "catalogues/azure-eastus.yaml": #"""
            # Azure Virtual Machine sizes for AKS node pools in East US (eastus): Linux pay-as-you-go, USD per
            # instance-hour. On-demand prices are the Azure Retail Prices API consumption prices (Windows products
            # and Low Priority meters skipped by the generator) embedded in
            # Azure/karpenter-provider-azure pkg/providers/pricing/zz_generated.pricing.go ("generated at
            # 2026-06-18T03:43:41Z", commit 2b431da153a6). Each family was checked to scale linearly with size;
            # Standard_D2as_v5 was left out because that table gives it 0.178 (not half of D4as_v5's 0.172).
            # No dated public source for East US Spot prices or for 1-year reservation / savings-plan rates could be
            # verified, so `spot` and `committed` are omitted for every type (Azure Spot prices also move; see the
            # README). Capacity figures are the nominal VM sizes; max_pods is the AKS default with Azure CNI Overlay.
            apiVersion: opexsim.io/v1
            kind: NodeCatalogue
            provider: azure
            region: eastus
            currency: USD
            allocatable_rule: >-
              AKS (Kubernetes 1.29 and later): kube-reserved memory = min(20 MiB x max_pods + 50 MiB, 25% of VM memory),
              evictionHard memory.available < 100Mi; kube-reserved CPU from the AKS table (2 cores 100m, 4 cores 140m,
              8 cores 180m, 16 cores 260m); max_pods 250 (Azure CNI Overlay default; kubenet would be 110).
              allocatable = capacity - kube-reserved - eviction threshold. Source:
              https://learn.microsoft.com/azure/aks/node-resource-reservations
            node_types:
              - name: Standard_D2s_v5
                vcpu: 2
                memory_gib: 8
                max_pods: 250                      # AKS default with Azure CNI Overlay (kubenet default would be 110)
                allocatable: {cpu_cores: 1.90, memory_gib: 5.902}
                on_demand: {hourly_usd: 0.096, as_of: 2026-06-18, source: "https://github.com/Azure/karpenter-provider-azure/blob/2b431da153a6a92b705c18046512c60b1631b682/pkg/providers/pricing/zz_generated.pricing.go"}
              - name: Standard_D4s_v5
                vcpu: 4
                memory_gib: 16
                max_pods: 250                      # AKS default with Azure CNI Overlay (kubenet default would be 110)
                allocatable: {cpu_cores: 3.86, memory_gib: 11.90}
                on_demand: {hourly_usd: 0.192, as_of: 2026-06-18, source: "https://github.com/Azure/karpenter-provider-azure/blob/2b431da153a6a92b705c18046512c60b1631b682/pkg/providers/pricing/zz_generated.pricing.go"}
              - name: Standard_D8s_v5
                vcpu: 8
                memory_gib: 32
                max_pods: 250                      # AKS default with Azure CNI Overlay (kubenet default would be 110)
                allocatable: {cpu_cores: 7.82, memory_gib: 26.97}
                on_demand: {hourly_usd: 0.384, as_of: 2026-06-18, source: "https://github.com/Azure/karpenter-provider-azure/blob/2b431da153a6a92b705c18046512c60b1631b682/pkg/providers/pricing/zz_generated.pricing.go"}
              - name: Standard_D16s_v5
                vcpu: 16
                memory_gib: 64
                max_pods: 250                      # AKS default with Azure CNI Overlay (kubenet default would be 110)
                allocatable: {cpu_cores: 15.74, memory_gib: 58.97}
                on_demand: {hourly_usd: 0.768, as_of: 2026-06-18, source: "https://github.com/Azure/karpenter-provider-azure/blob/2b431da153a6a92b705c18046512c60b1631b682/pkg/providers/pricing/zz_generated.pricing.go"}
              - name: Standard_D4as_v5
                vcpu: 4
                memory_gib: 16
                max_pods: 250                      # AKS default with Azure CNI Overlay (kubenet default would be 110)
                allocatable: {cpu_cores: 3.86, memory_gib: 11.90}
                on_demand: {hourly_usd: 0.172, as_of: 2026-06-18, source: "https://github.com/Azure/karpenter-provider-azure/blob/2b431da153a6a92b705c18046512c60b1631b682/pkg/providers/pricing/zz_generated.pricing.go"}
              - name: Standard_D8as_v5
                vcpu: 8
                memory_gib: 32
                max_pods: 250                      # AKS default with Azure CNI Overlay (kubenet default would be 110)
                allocatable: {cpu_cores: 7.82, memory_gib: 26.97}
                on_demand: {hourly_usd: 0.344, as_of: 2026-06-18, source: "https://github.com/Azure/karpenter-provider-azure/blob/2b431da153a6a92b705c18046512c60b1631b682/pkg/providers/pricing/zz_generated.pricing.go"}
              - name: Standard_F4s_v2
                vcpu: 4
                memory_gib: 8
                max_pods: 250                      # AKS default with Azure CNI Overlay (kubenet default would be 110)
                allocatable: {cpu_cores: 3.86, memory_gib: 5.902}
                on_demand: {hourly_usd: 0.169, as_of: 2026-06-18, source: "https://github.com/Azure/karpenter-provider-azure/blob/2b431da153a6a92b705c18046512c60b1631b682/pkg/providers/pricing/zz_generated.pricing.go"}
              - name: Standard_F8s_v2
                vcpu: 8
                memory_gib: 16
                max_pods: 250                      # AKS default with Azure CNI Overlay (kubenet default would be 110)
                allocatable: {cpu_cores: 7.82, memory_gib: 11.90}
                on_demand: {hourly_usd: 0.338, as_of: 2026-06-18, source: "https://github.com/Azure/karpenter-provider-azure/blob/2b431da153a6a92b705c18046512c60b1631b682/pkg/providers/pricing/zz_generated.pricing.go"}
              - name: Standard_E4s_v5
                vcpu: 4
                memory_gib: 32
                max_pods: 250                      # AKS default with Azure CNI Overlay (kubenet default would be 110)
                allocatable: {cpu_cores: 3.86, memory_gib: 26.97}
                on_demand: {hourly_usd: 0.252, as_of: 2026-06-18, source: "https://github.com/Azure/karpenter-provider-azure/blob/2b431da153a6a92b705c18046512c60b1631b682/pkg/providers/pricing/zz_generated.pricing.go"}
              - name: Standard_E8s_v5
                vcpu: 8
                memory_gib: 64
                max_pods: 250                      # AKS default with Azure CNI Overlay (kubenet default would be 110)
                allocatable: {cpu_cores: 7.82, memory_gib: 58.97}
                on_demand: {hourly_usd: 0.504, as_of: 2026-06-18, source: "https://github.com/Azure/karpenter-provider-azure/blob/2b431da153a6a92b705c18046512c60b1631b682/pkg/providers/pricing/zz_generated.pricing.go"}
            """#,
        "catalogues/gcp-us-central1.yaml": #"""
            # Google Compute Engine machine types for GKE Standard node pools in us-central1 (Iowa): Linux (no OS
            # licence charge), USD per instance-hour. All prices come from Cyclenerd/google-cloud-pricing-cost-calculator
            # pricing.yml ("generated: Thu Jul 30 06:13:17 2026", commit fd66b26ff84f), which is built from the
            # Cloud Billing Catalog API SKUs: on_demand = cost.us-central1.hour, spot = cost.us-central1.hour_spot,
            # committed discount_ratio = 1 - month_1y / (hour x 730) (1-year resource-based CUD). On-demand prices for
            # e2/n2/n2-highmem/c2 also match kubernetes/autoscaler cluster-autoscaler/cloudprovider/gce/gce_price_info.go
            # (commit 55c37cd5eb55, values unchanged since 2022); its c3-standard-8 figure (0.41776) is older than the
            # one used here. Spot VM prices change over time, so the spot figures are a dated
            # sample. Sustained-use discounts (N2/C2, not E2/C3) are not included in on_demand.
            # GCE "GB" of memory is binary (GiB), so memory_gib is the machine type's nominal memory.
            apiVersion: opexsim.io/v1
            kind: NodeCatalogue
            provider: gcp
            region: us-central1
            currency: USD
            allocatable_rule: >-
              GKE Standard: reserved memory = 25% of the first 4 GiB + 20% of the next 4 GiB + 10% of the next 8 GiB +
              6% of the next 112 GiB + 2% above 128 GiB, plus a 100 MiB eviction threshold; reserved CPU = 6% of the
              first core + 1% of the next core + 0.5% of the next 2 cores + 0.25% of cores above 4; default max 110 Pods
              per node. allocatable = capacity - reserved - eviction threshold. Source:
              https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes
            node_types:
              - name: e2-standard-2
                vcpu: 2
                memory_gib: 8
                max_pods: 110                      # GKE Standard default max Pods per node
                allocatable: {cpu_cores: 1.93, memory_gib: 6.102}
                on_demand: {hourly_usd: 0.067011, as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
                spot: {hourly_usd: 0.040212, as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
                committed: {discount_ratio: 0.37, term: 1y, kind: "resource-based committed use discount (E2)", as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
              - name: e2-standard-4
                vcpu: 4
                memory_gib: 16
                max_pods: 110                      # GKE Standard default max Pods per node
                allocatable: {cpu_cores: 3.92, memory_gib: 13.30}
                on_demand: {hourly_usd: 0.134023, as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
                spot: {hourly_usd: 0.080424, as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
                committed: {discount_ratio: 0.37, term: 1y, kind: "resource-based committed use discount (E2)", as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
              - name: e2-standard-8
                vcpu: 8
                memory_gib: 32
                max_pods: 110                      # GKE Standard default max Pods per node
                allocatable: {cpu_cores: 7.91, memory_gib: 28.34}
                on_demand: {hourly_usd: 0.268046, as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
                spot: {hourly_usd: 0.160848, as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
                committed: {discount_ratio: 0.37, term: 1y, kind: "resource-based committed use discount (E2)", as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
              - name: n2-standard-4
                vcpu: 4
                memory_gib: 16
                max_pods: 110                      # GKE Standard default max Pods per node
                allocatable: {cpu_cores: 3.92, memory_gib: 13.30}
                on_demand: {hourly_usd: 0.194236, as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
                spot: {hourly_usd: 0.09212, as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
                committed: {discount_ratio: 0.37, term: 1y, kind: "resource-based committed use discount (N2)", as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
              - name: n2-standard-8
                vcpu: 8
                memory_gib: 32
                max_pods: 110                      # GKE Standard default max Pods per node
                allocatable: {cpu_cores: 7.91, memory_gib: 28.34}
                on_demand: {hourly_usd: 0.388472, as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
                spot: {hourly_usd: 0.18424, as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
                committed: {discount_ratio: 0.37, term: 1y, kind: "resource-based committed use discount (N2)", as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
              - name: n2-standard-16
                vcpu: 16
                memory_gib: 64
                max_pods: 110                      # GKE Standard default max Pods per node
                allocatable: {cpu_cores: 15.89, memory_gib: 58.42}
                on_demand: {hourly_usd: 0.776944, as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
                spot: {hourly_usd: 0.36848, as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
                committed: {discount_ratio: 0.37, term: 1y, kind: "resource-based committed use discount (N2)", as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
              - name: n2-highmem-4
                vcpu: 4
                memory_gib: 32
                max_pods: 110                      # GKE Standard default max Pods per node
                allocatable: {cpu_cores: 3.92, memory_gib: 28.34}
                on_demand: {hourly_usd: 0.262028, as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
                spot: {hourly_usd: 0.12428, as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
                committed: {discount_ratio: 0.37, term: 1y, kind: "resource-based committed use discount (N2)", as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
              - name: n2-highmem-8
                vcpu: 8
                memory_gib: 64
                max_pods: 110                      # GKE Standard default max Pods per node
                allocatable: {cpu_cores: 7.91, memory_gib: 58.42}
                on_demand: {hourly_usd: 0.524056, as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
                spot: {hourly_usd: 0.24856, as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
                committed: {discount_ratio: 0.37, term: 1y, kind: "resource-based committed use discount (N2)", as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
              - name: c2-standard-8
                vcpu: 8
                memory_gib: 32
                max_pods: 110                      # GKE Standard default max Pods per node
                allocatable: {cpu_cores: 7.91, memory_gib: 28.34}
                on_demand: {hourly_usd: 0.417616, as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
                spot: {hourly_usd: 0.19936, as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
                committed: {discount_ratio: 0.37, term: 1y, kind: "resource-based committed use discount (C2)", as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
              - name: c3-standard-8
                vcpu: 8
                memory_gib: 32
                max_pods: 110                      # GKE Standard default max Pods per node
                allocatable: {cpu_cores: 7.91, memory_gib: 28.34}
                on_demand: {hourly_usd: 0.403216, as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
                spot: {hourly_usd: 0.0988, as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
                committed: {discount_ratio: 0.37, term: 1y, kind: "resource-based committed use discount (C3)", as_of: 2026-07-30, source: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"}
            """#,
        "failures/shop-chaos.yaml": #"""
            # Chaos Mesh experiments for the sample cluster (datasets/sample-shop.csv). Replay with:
            #   opexsim replay datasets/sample-shop.csv --policy vpa-auto --failures models/failures/shop-chaos.yaml
            # A label selector names the trace's workload (app: cart); the annotation opexsim.io/start places a
            # one-off experiment on the trace (an offset from its start or an RFC 3339 time), else it starts
            # with the trace.
            apiVersion: chaos-mesh.org/v1alpha1
            kind: PodChaos
            metadata:
              name: kill-one-cart
              namespace: shop
              annotations:
                opexsim.io/start: "6h"
            spec:
              action: pod-kill
              mode: one
              gracePeriod: 0
              selector:
                labelSelectors: {app: cart}
            ---
            # 2 workers at 60% each add 1.2 cores; memory size is the total over the memory workers.
            apiVersion: chaos-mesh.org/v1alpha1
            kind: StressChaos
            metadata:
              name: checkout-pressure
              namespace: shop
              annotations:
                opexsim.io/start: "12h"
            spec:
              mode: all
              duration: 15m
              selector:
                labelSelectors: {app: checkout}
              stressors:
                cpu: {workers: 2, load: 60}
                memory: {workers: 1, size: 300MiB}
            ---
            # Kills the ledger's worker container in one pod every 6 hours (in place: a CrashLoopBackOff restart).
            apiVersion: chaos-mesh.org/v1alpha1
            kind: Schedule
            metadata:
              name: ledger-container-kill
              namespace: payments
            spec:
              schedule: "0 */6 * * *"
              concurrencyPolicy: Forbid
              historyLimit: 5
              type: PodChaos
              podChaos:
                action: container-kill
                mode: one
                containerNames: [worker]
                selector:
                  labelSelectors: {app: ledger}
            """#,
        "failures/shop-disaster.yaml": #"""
            # The shop namespace is deleted 30 hours into the sample trace and restored from the latest Velero
            # backup (shop-velero.yaml). Restore figures not given keep opexsim's defaults (RestoreModel).
            apiVersion: opexsim.io/v1
            kind: FailurePlan
            metadata:
              name: shop-disaster
            failures:
              - {kind: namespace-deletion, namespace: shop, at: 30h}
            restore:
              detection_delay: 10m
              volumes: {shop: 20Gi}
            """#,
        "failures/shop-random.yaml": #"""
            # Failures at random, for Monte Carlo runs (--runs N --seed S): exponential times between failures
            # with the given mean (MTBF), one matching pod or node each. Replay with:
            #   opexsim replay datasets/sample-shop.csv --policy static --failures models/failures/shop-random.yaml --runs 50
            apiVersion: opexsim.io/v1
            kind: FailurePlan
            metadata:
              name: shop-random
            failures:
              - {kind: random, failure: node-loss, mtbf: 24h}
              - {kind: random, failure: pod-kill, mtbf: 4h}
              - {kind: random, failure: pod-failure, mtbf: 12h, mttr: 10m}
              - {kind: random, failure: container-kill, mtbf: 6h, namespace: payments}
            """#,
        "failures/shop-spot.yaml": #"""
            # Spot nodes reclaimed at random: one interruption a day on average across the cluster, each with the
            # two-minute notice AWS gives, drained at the notice by an interruption handler (Karpenter's, or the AWS
            # Node Termination Handler). Set drain: false to see the same interruptions without a handler. Replay with:
            #   opexsim replay datasets/sample-shop.csv --policy static --failures models/failures/shop-spot.yaml --runs 50
            apiVersion: opexsim.io/v1
            kind: FailurePlan
            metadata:
              name: shop-spot
            failures:
              - {kind: random, failure: spot-interruption, mtbf: 1d, notice: 2m, drain: true}
            """#,
        "failures/shop-velero.yaml": #"""
            # Hourly Velero backups of the shop namespace, with volume snapshots, kept 7 days. The backups a
            # namespace deletion is restored from (see shop-disaster.yaml). Replay with:
            #   opexsim replay datasets/sample-shop.csv --policy vpa-auto \
            #     --failures models/failures/shop-velero.yaml --failures models/failures/shop-disaster.yaml
            apiVersion: velero.io/v1
            kind: Schedule
            metadata:
              name: shop-hourly
              namespace: velero
            spec:
              schedule: "0 * * * *"
              template:
                includedNamespaces: [shop]
                snapshotVolumes: true
                ttl: 168h0m0s
            """#,
        "policies/shop-vpa.yaml": #"""
            # VerticalPodAutoscalers for the sample cluster (datasets/sample-shop.csv), as a team would write
            # them. Replay with: opexsim replay datasets/sample-shop.csv --policy static --policy models/policies/shop-vpa.yaml
            apiVersion: autoscaling.k8s.io/v1
            kind: VerticalPodAutoscaler
            metadata:
              name: frontend
              namespace: shop
            spec:
              targetRef:
                apiVersion: apps/v1
                kind: Deployment
                name: frontend
              updatePolicy:
                updateMode: Recreate
              resourcePolicy:
                containerPolicies:
                  - containerName: "*"
                    minAllowed: {cpu: 100m, memory: 256Mi}
                    maxAllowed: {cpu: "2", memory: 2Gi}
            ---
            apiVersion: autoscaling.k8s.io/v1
            kind: VerticalPodAutoscaler
            metadata:
              name: checkout
              namespace: shop
            spec:
              targetRef:
                apiVersion: apps/v1
                kind: Deployment
                name: checkout
              updatePolicy:
                updateMode: InPlaceOrRecreate
              resourcePolicy:
                containerPolicies:
                  - containerName: api
                    controlledValues: RequestsOnly
            ---
            apiVersion: autoscaling.k8s.io/v1
            kind: VerticalPodAutoscaler
            metadata:
              name: ledger
              namespace: payments
            spec:
              targetRef:
                apiVersion: apps/v1
                kind: Deployment
                name: ledger
              updatePolicy:
                updateMode: Recreate
                minReplicas: 1
              resourcePolicy:
                containerPolicies:
                  - containerName: worker
                    controlledResources: [memory]
            """#,
        "pricing/aws-m5-spot-mix.yaml": #"""
            # EKS in us-east-1 on one node pool of m5.xlarge, 70% on-demand and 30% spot (prices and allocatable
            # from models/catalogues/aws-us-east-1.yaml). Containers pay max(request, usage) at the pool's node
            # price split into CPU and RAM rates in OpenCost's CPU:RAM ratio; what the nodes cost beyond that is idle.
            apiVersion: opexsim.io/v1
            kind: PricingModel
            name: aws-m5-spot-mix
            source: AWS us-east-1 m5.xlarge on-demand and spot prices, see models/catalogues/aws-us-east-1.yaml
            node_pools:
              - name: general
                catalogue: aws-us-east-1
                node_type: m5.xlarge
                capacity: {on_demand: 0.7, spot: 0.3}
                scale_down_delay: 10m    # cluster-autoscaler --scale-down-unneeded-time
            """#,
        "pricing/gcp-n2-committed.yaml": #"""
            # GKE Standard in us-central1 on n2-standard-4 nodes, half of them under a 1-year committed-use
            # discount (prices and allocatable from models/catalogues/gcp-us-central1.yaml); idle node cost is
            # shared back over the workloads in proportion to their cost, as OpenCost's shareIdle does.
            apiVersion: opexsim.io/v1
            kind: PricingModel
            name: gcp-n2-committed
            source: GCP us-central1 n2-standard-4 on-demand and 1-year CUD prices, see models/catalogues/gcp-us-central1.yaml
            share_idle: true
            node_pools:
              - name: general
                catalogue: gcp-us-central1
                node_type: n2-standard-4
                capacity: {on_demand: 0.5, committed: 0.5}
                min_nodes: 1
            """#,
        "pricing/opencost-default.yaml": #"""
            # OpenCost's default custom prices: configs/default.json of opencost/opencost
            # ("Default prices based on GCP us-central1"), read at commit 5f6533303e38 (2024-10-24).
            # Cost = max(request, usage) per container per interval, times these unit prices.
            apiVersion: opexsim.io/v1
            kind: PricingModel
            name: opencost-default
            source: OpenCost default custom prices (opencost/opencost configs/default.json, GCP us-central1)
            prices:
              cpu_per_core_hour: 0.031611          # $ per vCPU-hour ("CPU")
              memory_per_gib_hour: 0.004237        # $ per GiB-hour ("RAM")
              spot_cpu_per_core_hour: 0.006655     # "spotCPU"
              spot_memory_per_gib_hour: 0.000892   # "spotRAM"
              gpu_per_hour: 0.95                   # "GPU"
              storage_per_gb_hour: 0.00005479452   # "storage"
            """#,
    ]
}
