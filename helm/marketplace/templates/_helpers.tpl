{{/*
Where recommendations is, decided in this one place, as JSON: "service" (its Service name, computed with the
recommendations chart's own naming rule, bookstore-lib.fullnameFor), "release" (for the NetworkPolicy egress
peer; "" = not known) and "namespace" ("" = this release's).
  umbrella (global.bookstore.umbrella): this release's recommendations subchart, nothing to set;
  alone: recommendations.releaseName, or recommendations.fullnameOverride, must say. Without either the
  render fails: a guessed <release>-recommendations passes `helm install --wait` while every page degrades.
*/}}
{{- define "marketplace.recommendationsTarget" -}}
{{- $r := .Values.recommendations }}
{{- $release := $r.releaseName | default (ternary .Release.Name "" (eq (include "bookstore-lib.inUmbrella" .) "true")) }}
{{- if not (or $release $r.fullnameOverride) }}
{{- fail "marketplace cannot know where recommendations runs: set recommendations.releaseName=<the Helm release of helm/recommendations> (or recommendations.fullnameOverride=<its Service name>; recommendations.namespace if it runs in another namespace), or install both as one release with the umbrella chart helm/bookstore" }}
{{- end }}
{{- $service := include "bookstore-lib.fullnameFor" (dict "release" $release "chart" "recommendations" "nameOverride" "" "fullnameOverride" $r.fullnameOverride) }}
{{- toJson (dict "service" $service "release" $release "namespace" $r.namespace) }}
{{- end }}

{{/*
RECOMMENDATIONS_HOST: the in-cluster DNS name <svc>.<namespace>.svc.<clusterDomain> of that headless Service.
Without recommendations.namespace the namespace is the pod's own, $(POD_NAMESPACE) (the downward API,
expanded by the kubelet), not the render's: a manifest rendered once (k8s/rendered) and applied to another
namespace then calls that namespace's recommendations, never the one it was rendered for.
*/}}
{{- define "marketplace.recommendationsHost" -}}
{{- $t := include "marketplace.recommendationsTarget" . | fromJson }}
{{- printf "%s.%s.svc.%s" $t.service ($t.namespace | default "$(POD_NAMESPACE)") .Values.clusterDomain }}
{{- end }}

{{/*
NetworkPolicy peers of the Gateway's data plane (httpRoute.from, as a YAML list): by default the pods of the
namespaces of the parentRefs, where Istio, Contour, NGINX Gateway Fabric and others run a Gateway's proxies.
Envoy Gateway runs them in its own namespace (envoy-gateway-system) by default: set httpRoute.from for it.
*/}}
{{- define "marketplace.gatewayPeers" -}}
{{- if .Values.httpRoute.from }}
{{- toYaml .Values.httpRoute.from }}
{{- else }}
{{- $namespaces := list }}
{{- range .Values.httpRoute.parentRefs }}
{{- $namespaces = append $namespaces (.namespace | default $.Release.Namespace) }}
{{- end }}
{{- range uniq $namespaces }}
- namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ . }}
{{- end }}
{{- end }}
{{- end }}

{{/* The NOTES.txt lines on the Ingress and the HTTPRoute, when enabled. */}}
{{- define "marketplace.wayInNotes" -}}
{{- $scheme := ternary "https" "http" (ne .Values.ingress.tlsSecretName "") }}
{{- if .Values.ingress.enabled }}
Ingress{{ with .Values.ingress.className }} (class {{ . }}){{ end }}: {{ if .Values.ingress.hosts }}{{ range $i, $h := .Values.ingress.hosts }}{{ if $i }}, {{ end }}{{ $scheme }}://{{ $h }}/{{ end }}{{ else }}every host the controller serves{{ end }}
{{- end }}
{{- if .Values.httpRoute.enabled }}
HTTPRoute on Gateway {{ range $i, $p := .Values.httpRoute.parentRefs }}{{ if $i }}, {{ end }}{{ $p.namespace | default $.Release.Namespace }}/{{ $p.name }}{{ end }}{{ with .Values.httpRoute.hostnames }}, for {{ join ", " . }}{{ end }}
{{- end }}
{{- end }}
