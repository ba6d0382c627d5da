{{/* Chart name, overridable with nameOverride. */}}
{{- define "terminus.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name: fullnameOverride, or <release>-<name>, or <release> when it already contains the name.
Truncated to 58 characters so that "<fullname>-node" and the other suffixed names stay within 63.
*/}}
{{- define "terminus.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 58 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 58 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 58 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* chart label value: name-version */}}
{{- define "terminus.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every resource, without the component. */}}
{{- define "terminus.commonLabels" -}}
helm.sh/chart: {{ include "terminus.chart" . }}
app.kubernetes.io/name: {{ include "terminus.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: terminus
{{- end }}

{{/* Labels of the operator's resources. */}}
{{- define "terminus.labels" -}}
{{ include "terminus.commonLabels" . }}
app.kubernetes.io/component: operator
{{- end }}

{{/* Selector labels of the operator Pods (immutable in a Deployment: keep them stable). */}}
{{- define "terminus.selectorLabels" -}}
app.kubernetes.io/name: {{ include "terminus.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{/* The operator's ServiceAccount name. */}}
{{- define "terminus.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "terminus.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The node Pods' ServiceAccount name. */}}
{{- define "terminus.nodeServiceAccountName" -}}
{{- default (printf "%s-node" (include "terminus.fullname" .)) .Values.nodeServiceAccount.name }}
{{- end }}

{{/* Namespaces that get the node ServiceAccount: the release namespace and the watched ones. */}}
{{- define "terminus.nodeServiceAccountNamespaces" -}}
{{- $namespaces := list .Release.Namespace }}
{{- range .Values.watchNamespaces }}
{{- $namespaces = append $namespaces . }}
{{- end }}
{{- $namespaces | uniq | toJson }}
{{- end }}

{{/* The operator image. */}}
{{- define "terminus.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
What the operator calls on the API, and nothing else. helm/rbac-expected.json lists the same set
with the call site of each verb; helm/test.sh fails when the two differ.
*/}}
{{- define "terminus.operatorRules" -}}
# WorkflowExecution: informer (list, watch); finalizer added and removed by JSON patch (patch), the
# object re-read when that patch conflicts (get); child executions created (create) and cancelled
# (patch); finished executions deleted after ttlSecondsAfterFinished (delete); a deleted
# execution's children deleted by label (deletecollection).
- apiGroups: ["terminus.dev"]
  resources: ["workflowexecutions"]
  verbs: ["get", "list", "watch", "patch", "create", "delete", "deletecollection"]
# Workflow: informers of both reconcilers (list, watch); never written but for its status.
- apiGroups: ["terminus.dev"]
  resources: ["workflows"]
  verbs: ["list", "watch"]
# StatusWriter: one resourceVersion-locked JSON patch of the status subresource.
- apiGroups: ["terminus.dev"]
  resources: ["workflowexecutions/status", "workflows/status"]
  verbs: ["patch"]
# Jobs are created with an ownerReference blockOwnerDeletion: true, which needs update on the
# owner's finalizers where the OwnerReferencesPermissionEnforcement admission plugin is on.
- apiGroups: ["terminus.dev"]
  resources: ["workflowexecutions/finalizers"]
  verbs: ["update"]
# Jobs: informer (list, watch), a GET confirms a Job missing from the cache, create one per
# attempt, delete on cancel/deadline, and deletecollection by label when an execution is deleted.
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch", "create", "delete", "deletecollection"]
# Pods of the Jobs: informer only.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch"]
# core/v1 Events, one per (object, reason): created, then counted (update; get on a conflict).
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "get", "update"]
{{- end }}
