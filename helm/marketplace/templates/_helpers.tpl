{{/*
The recommendations Service name, computed with the SAME naming rule the recommendations chart uses
(bookstore-lib.fullnameFor) applied to its release name, so it is never typed twice:
  umbrella:           release "bookstore" -> "bookstore-recommendations"
  separate releases:  --set recommendations.releaseName=recommendations -> "recommendations"
*/}}
{{- define "marketplace.recommendationsServiceName" -}}
{{- $r := .Values.recommendations }}
{{- include "bookstore-lib.fullnameFor" (dict "release" (default .Release.Name $r.releaseName) "chart" "recommendations" "nameOverride" "" "fullnameOverride" $r.fullnameOverride) }}
{{- end }}

{{/*
RECOMMENDATIONS_HOST: the in-cluster DNS name <svc>.<namespace>.svc.<clusterDomain> of that headless Service.
Without recommendations.namespace the namespace is the pod's own, $(POD_NAMESPACE) (the downward API,
expanded by the kubelet), not the render's: a manifest rendered once (k8s/rendered) and applied to another
namespace then calls that namespace's recommendations, never the one it was rendered for.
*/}}
{{- define "marketplace.recommendationsHost" -}}
{{- printf "%s.%s.svc.%s" (include "marketplace.recommendationsServiceName" .) (default "$(POD_NAMESPACE)" .Values.recommendations.namespace) .Values.clusterDomain }}
{{- end }}

{{/* The same name as seen from this release's namespace, for NOTES.txt. */}}
{{- define "marketplace.recommendationsHostHere" -}}
{{- printf "%s.%s.svc.%s" (include "marketplace.recommendationsServiceName" .) (default .Release.Namespace .Values.recommendations.namespace) .Values.clusterDomain }}
{{- end }}
