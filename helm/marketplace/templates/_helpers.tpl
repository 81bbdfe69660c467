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

{{/* RECOMMENDATIONS_HOST: the in-cluster DNS name <svc>.<namespace>.svc.<clusterDomain> of that headless Service. */}}
{{- define "marketplace.recommendationsHost" -}}
{{- printf "%s.%s.svc.%s" (include "marketplace.recommendationsServiceName" .) (default .Release.Namespace .Values.recommendations.namespace) .Values.clusterDomain }}
{{- end }}
