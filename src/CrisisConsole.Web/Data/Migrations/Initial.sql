-- Generated from the EF Core model by MigrationSchemaTests; see Initial.cs.
GO;
CREATE TABLE "ApiKeys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ApiKeys" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Prefix" TEXT NOT NULL,
    "Hash" TEXT NOT NULL,
    "Scopes" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "RevokedAt" INTEGER NULL,
    "LastUsedAt" INTEGER NULL,
    "IsProvisioned" INTEGER NOT NULL
);
GO;
CREATE TABLE "AspNetRoles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
    "Name" TEXT NULL,
    "NormalizedName" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL
);
GO;
CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "DisplayName" TEXT NOT NULL,
    "IsDisabled" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" INTEGER NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL
);
GO;
CREATE TABLE "AuditEntries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditEntries" PRIMARY KEY AUTOINCREMENT,
    "At" INTEGER NOT NULL,
    "ActorId" TEXT NOT NULL,
    "ActorName" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "TargetType" TEXT NULL,
    "TargetId" TEXT NULL,
    "Details" TEXT NULL
);
GO;
CREATE TABLE "Contacts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Contacts" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT COLLATE NOCASE NOT NULL,
    "Phone" TEXT NOT NULL,
    "WhatsAppCapable" INTEGER NULL,
    "Language" TEXT NOT NULL,
    "Zone" TEXT COLLATE NOCASE NULL,
    "Latitude" REAL NULL,
    "Longitude" REAL NULL,
    "ExternalId" TEXT NULL,
    "Consent" TEXT NOT NULL,
    "ConsentSource" TEXT NULL,
    "ConsentAt" INTEGER NULL,
    "LastInboundWhatsAppAt" INTEGER NULL,
    "LastInboundSmsAt" INTEGER NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "DeletedAt" INTEGER NULL
);
GO;
CREATE TABLE "GatewayWebhookEvents" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_GatewayWebhookEvents" PRIMARY KEY AUTOINCREMENT,
    "Source" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "ProviderMessageId" TEXT NULL,
    "ReceivedAt" INTEGER NOT NULL,
    "Payload" TEXT NOT NULL,
    "EventCount" INTEGER NOT NULL,
    "IdempotencyToken" TEXT NULL
);
GO;
CREATE TABLE "Incidents" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Incidents" PRIMARY KEY AUTOINCREMENT,
    "Title" TEXT NOT NULL,
    "Severity" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "IsDrill" INTEGER NOT NULL,
    "ZonesJson" TEXT NOT NULL,
    "SegmentIdsJson" TEXT NOT NULL,
    "VariablesJson" TEXT NOT NULL,
    "ManagerUserId" TEXT NULL,
    "ManagerName" TEXT NULL,
    "CommsLeadUserId" TEXT NULL,
    "CommsLeadName" TEXT NULL,
    "CreatedById" TEXT NOT NULL,
    "CreatedByName" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "MonitoringAt" INTEGER NULL,
    "ResolvedAt" INTEGER NULL,
    "ClosedAt" INTEGER NULL,
    "LastUpdateSentAt" INTEGER NULL,
    "LastReminderAt" INTEGER NULL,
    "Cause" TEXT NULL,
    "Fix" TEXT NULL,
    "LessonsLearned" TEXT NULL,
    "Version" TEXT NOT NULL
);
GO;
CREATE TABLE "KeywordAutoReplies" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_KeywordAutoReplies" PRIMARY KEY AUTOINCREMENT,
    "Keyword" TEXT NOT NULL,
    "DisplayKeyword" TEXT NOT NULL,
    "ReplyEn" TEXT NOT NULL,
    "ReplyFr" TEXT NULL,
    "ReplyAr" TEXT NULL,
    "IsActive" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "UpdatedBy" TEXT NOT NULL
);
GO;
CREATE TABLE "MessageTemplates" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MessageTemplates" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Category" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "DefaultLanguage" TEXT NOT NULL,
    "Variables" TEXT NOT NULL,
    "IsRetired" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL
);
GO;
CREATE TABLE "Segments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Segments" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT COLLATE NOCASE NOT NULL,
    "Description" TEXT NULL,
    "Groups" TEXT NOT NULL,
    "Tags" TEXT NOT NULL,
    "Zones" TEXT NOT NULL,
    "Languages" TEXT NOT NULL,
    "IncludeWithoutOptIn" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "DeletedAt" INTEGER NULL
);
GO;
CREATE TABLE "UnknownSenders" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_UnknownSenders" PRIMARY KEY AUTOINCREMENT,
    "Phone" TEXT NOT NULL,
    "ProfileName" TEXT NULL,
    "FirstSeenAt" INTEGER NOT NULL,
    "LastSeenAt" INTEGER NOT NULL,
    "MessageCount" INTEGER NOT NULL,
    "OptedOutAt" INTEGER NULL,
    "OptOutSource" TEXT NULL
);
GO;
CREATE TABLE "WhatsAppReachEntries" (
    "Address" TEXT NOT NULL CONSTRAINT "PK_WhatsAppReachEntries" PRIMARY KEY,
    "CountedAt" INTEGER NOT NULL
);
GO;
CREATE TABLE "AspNetRoleClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
    "RoleId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
);
GO;
CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);
GO;
CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);
GO;
CREATE TABLE "AspNetUserRoles" (
    "UserId" TEXT NOT NULL,
    "RoleId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
    CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);
GO;
CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);
GO;
CREATE TABLE "ContactConsentChanges" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ContactConsentChanges" PRIMARY KEY AUTOINCREMENT,
    "ContactId" INTEGER NOT NULL,
    "From" TEXT NULL,
    "To" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "ChangedBy" TEXT NOT NULL,
    CONSTRAINT "FK_ContactConsentChanges_Contacts_ContactId" FOREIGN KEY ("ContactId") REFERENCES "Contacts" ("Id") ON DELETE CASCADE
);
GO;
CREATE TABLE "ContactLabels" (
    "ContactId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "Value" TEXT COLLATE NOCASE NOT NULL,
    CONSTRAINT "PK_ContactLabels" PRIMARY KEY ("ContactId", "Kind", "Value"),
    CONSTRAINT "FK_ContactLabels_Contacts_ContactId" FOREIGN KEY ("ContactId") REFERENCES "Contacts" ("Id") ON DELETE CASCADE
);
GO;
CREATE TABLE "InboundMessages" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_InboundMessages" PRIMARY KEY AUTOINCREMENT,
    "Provider" TEXT NOT NULL,
    "Channel" TEXT NOT NULL,
    "ProviderMessageId" TEXT NOT NULL,
    "FromAddress" TEXT NOT NULL,
    "ToAddress" TEXT NULL,
    "ProfileName" TEXT NULL,
    "Kind" TEXT NOT NULL,
    "Text" TEXT NULL,
    "ButtonPayload" TEXT NULL,
    "ButtonText" TEXT NULL,
    "ReplyToProviderMessageId" TEXT NULL,
    "Latitude" REAL NULL,
    "Longitude" REAL NULL,
    "MediaContentType" TEXT NULL,
    "MediaUrl" TEXT NULL,
    "MediaId" TEXT NULL,
    "MediaCount" INTEGER NOT NULL,
    "SentAt" INTEGER NULL,
    "ReceivedAt" INTEGER NOT NULL,
    "ContactId" INTEGER NULL,
    "Classification" TEXT NOT NULL,
    "Priority" INTEGER NOT NULL,
    "TriageState" TEXT NOT NULL,
    "AssignedToUserId" TEXT NULL,
    "AssignedToName" TEXT NULL,
    "AnswersBroadcastId" INTEGER NULL,
    "IncidentId" INTEGER NULL,
    "Zone" TEXT NULL,
    "Language" TEXT NULL,
    "TriageChangedAt" INTEGER NULL,
    "ResolvedAt" INTEGER NULL,
    "TriageVersion" TEXT NOT NULL,
    "WebhookEventId" INTEGER NULL,
    CONSTRAINT "FK_InboundMessages_GatewayWebhookEvents_WebhookEventId" FOREIGN KEY ("WebhookEventId") REFERENCES "GatewayWebhookEvents" ("Id") ON DELETE RESTRICT
);
GO;
CREATE TABLE "Broadcasts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Broadcasts" PRIMARY KEY AUTOINCREMENT,
    "IncidentId" INTEGER NULL,
    "TemplateId" INTEGER NOT NULL,
    "TemplateName" TEXT NOT NULL,
    "VariablesJson" TEXT NOT NULL,
    "SegmentIdsJson" TEXT NOT NULL,
    "ContactIdsJson" TEXT NULL,
    "ResendOfBroadcastId" INTEGER NULL,
    "ChannelPolicy" TEXT NOT NULL,
    "SmsFallbackAfterMinutes" INTEGER NULL,
    "IsDrill" INTEGER NOT NULL,
    "ScheduledFor" INTEGER NULL,
    "State" TEXT NOT NULL,
    "CreatedById" TEXT NOT NULL,
    "CreatedByName" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "SubmittedAt" INTEGER NULL,
    "DecidedById" TEXT NULL,
    "DecidedByName" TEXT NULL,
    "DecidedAt" INTEGER NULL,
    "DecisionComment" TEXT NULL,
    "SendingStartedAt" INTEGER NULL,
    "CompletedAt" INTEGER NULL,
    "CancelledAt" INTEGER NULL,
    "RecipientCount" INTEGER NOT NULL,
    "Version" TEXT NOT NULL,
    CONSTRAINT "FK_Broadcasts_Incidents_IncidentId" FOREIGN KEY ("IncidentId") REFERENCES "Incidents" ("Id") ON DELETE RESTRICT
);
GO;
CREATE TABLE "IncidentTimelineEntries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_IncidentTimelineEntries" PRIMARY KEY AUTOINCREMENT,
    "IncidentId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "BroadcastId" INTEGER NULL,
    "ActorId" TEXT NOT NULL,
    "ActorName" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    CONSTRAINT "FK_IncidentTimelineEntries_Incidents_IncidentId" FOREIGN KEY ("IncidentId") REFERENCES "Incidents" ("Id") ON DELETE RESTRICT
);
GO;
CREATE TABLE "TemplateVariants" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_TemplateVariants" PRIMARY KEY AUTOINCREMENT,
    "TemplateId" INTEGER NOT NULL,
    "Language" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "TwilioContentSid" TEXT NULL,
    "MetaTemplateName" TEXT NULL,
    "MetaTemplateLanguage" TEXT NULL,
    "QuickReplies" TEXT NULL,
    CONSTRAINT "FK_TemplateVariants_MessageTemplates_TemplateId" FOREIGN KEY ("TemplateId") REFERENCES "MessageTemplates" ("Id") ON DELETE CASCADE
);
GO;
CREATE TABLE "InboxNotes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_InboxNotes" PRIMARY KEY AUTOINCREMENT,
    "InboundMessageId" INTEGER NOT NULL,
    "AuthorId" TEXT NOT NULL,
    "AuthorName" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_InboxNotes_InboundMessages_InboundMessageId" FOREIGN KEY ("InboundMessageId") REFERENCES "InboundMessages" ("Id") ON DELETE CASCADE
);
GO;
CREATE TABLE "BroadcastStatusCounts" (
    "BroadcastId" INTEGER NOT NULL,
    "Channel" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Count" INTEGER NOT NULL,
    CONSTRAINT "PK_BroadcastStatusCounts" PRIMARY KEY ("BroadcastId", "Channel", "Status"),
    CONSTRAINT "FK_BroadcastStatusCounts_Broadcasts_BroadcastId" FOREIGN KEY ("BroadcastId") REFERENCES "Broadcasts" ("Id") ON DELETE CASCADE
);
GO;
CREATE TABLE "CheckInCounts" (
    "BroadcastId" INTEGER NOT NULL,
    "Answer" TEXT NOT NULL,
    "Count" INTEGER NOT NULL,
    CONSTRAINT "PK_CheckInCounts" PRIMARY KEY ("BroadcastId", "Answer"),
    CONSTRAINT "FK_CheckInCounts_Broadcasts_BroadcastId" FOREIGN KEY ("BroadcastId") REFERENCES "Broadcasts" ("Id") ON DELETE CASCADE
);
GO;
CREATE TABLE "CheckIns" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CheckIns" PRIMARY KEY AUTOINCREMENT,
    "BroadcastId" INTEGER NOT NULL,
    "ContactId" INTEGER NOT NULL,
    "Answer" TEXT NOT NULL,
    "AnsweredAt" INTEGER NOT NULL,
    "InboundMessageId" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_CheckIns_Broadcasts_BroadcastId" FOREIGN KEY ("BroadcastId") REFERENCES "Broadcasts" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_CheckIns_Contacts_ContactId" FOREIGN KEY ("ContactId") REFERENCES "Contacts" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_CheckIns_InboundMessages_InboundMessageId" FOREIGN KEY ("InboundMessageId") REFERENCES "InboundMessages" ("Id") ON DELETE RESTRICT
);
GO;
CREATE TABLE "Deliveries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Deliveries" PRIMARY KEY AUTOINCREMENT,
    "BroadcastId" INTEGER NULL,
    "ContactId" INTEGER NULL,
    "Channel" TEXT NOT NULL,
    "Provider" TEXT NOT NULL,
    "ToAddress" TEXT NOT NULL,
    "ProviderMessageId" TEXT NULL,
    "Status" TEXT NOT NULL,
    "StatusRank" INTEGER NOT NULL,
    "ErrorCode" TEXT NULL,
    "ErrorReason" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "SentAt" INTEGER NULL,
    "DeliveredAt" INTEGER NULL,
    "ReadAt" INTEGER NULL,
    "FailedAt" INTEGER NULL,
    "FallbackForDeliveryId" INTEGER NULL,
    "Language" TEXT NULL,
    "NextAttemptAt" INTEGER NULL,
    "AttemptCount" INTEGER NOT NULL,
    "ClaimedAt" INTEGER NULL,
    CONSTRAINT "FK_Deliveries_Broadcasts_BroadcastId" FOREIGN KEY ("BroadcastId") REFERENCES "Broadcasts" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Deliveries_Deliveries_FallbackForDeliveryId" FOREIGN KEY ("FallbackForDeliveryId") REFERENCES "Deliveries" ("Id") ON DELETE RESTRICT
);
GO;
CREATE TABLE "CheckInChanges" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CheckInChanges" PRIMARY KEY AUTOINCREMENT,
    "CheckInId" INTEGER NOT NULL,
    "From" TEXT NULL,
    "To" TEXT NOT NULL,
    "AnsweredAt" INTEGER NOT NULL,
    "Applied" INTEGER NOT NULL,
    "InboundMessageId" INTEGER NOT NULL,
    "RecordedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_CheckInChanges_CheckIns_CheckInId" FOREIGN KEY ("CheckInId") REFERENCES "CheckIns" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_CheckInChanges_InboundMessages_InboundMessageId" FOREIGN KEY ("InboundMessageId") REFERENCES "InboundMessages" ("Id") ON DELETE RESTRICT
);
GO;
CREATE TABLE "DeliveryStatusEvents" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_DeliveryStatusEvents" PRIMARY KEY AUTOINCREMENT,
    "Provider" TEXT NOT NULL,
    "ProviderMessageId" TEXT NOT NULL,
    "DedupeKey" TEXT NOT NULL,
    "RawStatus" TEXT NOT NULL,
    "Status" TEXT NULL,
    "ErrorCode" TEXT NULL,
    "ErrorReason" TEXT NULL,
    "EventType" TEXT NULL,
    "CorrelationId" TEXT NULL,
    "OccurredAt" INTEGER NULL,
    "ReceivedAt" INTEGER NOT NULL,
    "DeliveryId" INTEGER NULL,
    "WebhookEventId" INTEGER NULL,
    CONSTRAINT "FK_DeliveryStatusEvents_Deliveries_DeliveryId" FOREIGN KEY ("DeliveryId") REFERENCES "Deliveries" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_DeliveryStatusEvents_GatewayWebhookEvents_WebhookEventId" FOREIGN KEY ("WebhookEventId") REFERENCES "GatewayWebhookEvents" ("Id") ON DELETE RESTRICT
);
GO;
CREATE TABLE "DirectMessages" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_DirectMessages" PRIMARY KEY AUTOINCREMENT,
    "DeliveryId" INTEGER NOT NULL,
    "ContactId" INTEGER NULL,
    "ToAddress" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "TemplateName" TEXT NULL,
    "ContentJson" TEXT NULL,
    "InReplyToInboundMessageId" INTEGER NULL,
    "SentById" TEXT NOT NULL,
    "SentByName" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_DirectMessages_Deliveries_DeliveryId" FOREIGN KEY ("DeliveryId") REFERENCES "Deliveries" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_DirectMessages_InboundMessages_InReplyToInboundMessageId" FOREIGN KEY ("InReplyToInboundMessageId") REFERENCES "InboundMessages" ("Id") ON DELETE RESTRICT
);
GO;
CREATE UNIQUE INDEX "IX_ApiKeys_Hash" ON "ApiKeys" ("Hash");
GO;
CREATE INDEX "IX_ApiKeys_Name" ON "ApiKeys" ("Name");
GO;
CREATE INDEX "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId");
GO;
CREATE UNIQUE INDEX "RoleNameIndex" ON "AspNetRoles" ("NormalizedName");
GO;
CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");
GO;
CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");
GO;
CREATE INDEX "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId");
GO;
CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");
GO;
CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");
GO;
CREATE INDEX "IX_AuditEntries_Action_At" ON "AuditEntries" ("Action", "At");
GO;
CREATE INDEX "IX_AuditEntries_ActorId_At" ON "AuditEntries" ("ActorId", "At");
GO;
CREATE INDEX "IX_AuditEntries_At" ON "AuditEntries" ("At");
GO;
CREATE INDEX "IX_Broadcasts_CreatedAt" ON "Broadcasts" ("CreatedAt");
GO;
CREATE INDEX "IX_Broadcasts_IncidentId" ON "Broadcasts" ("IncidentId");
GO;
CREATE INDEX "IX_Broadcasts_State_ScheduledFor" ON "Broadcasts" ("State", "ScheduledFor");
GO;
CREATE INDEX "IX_CheckInChanges_CheckInId" ON "CheckInChanges" ("CheckInId");
GO;
CREATE UNIQUE INDEX "IX_CheckInChanges_InboundMessageId" ON "CheckInChanges" ("InboundMessageId");
GO;
CREATE INDEX "IX_CheckIns_BroadcastId_Answer_AnsweredAt" ON "CheckIns" ("BroadcastId", "Answer", "AnsweredAt");
GO;
CREATE UNIQUE INDEX "IX_CheckIns_BroadcastId_ContactId" ON "CheckIns" ("BroadcastId", "ContactId");
GO;
CREATE INDEX "IX_CheckIns_ContactId" ON "CheckIns" ("ContactId");
GO;
CREATE INDEX "IX_CheckIns_InboundMessageId" ON "CheckIns" ("InboundMessageId");
GO;
CREATE INDEX "IX_ContactConsentChanges_ContactId_At" ON "ContactConsentChanges" ("ContactId", "At");
GO;
CREATE INDEX "IX_ContactLabels_Kind_Value_ContactId" ON "ContactLabels" ("Kind", "Value", "ContactId");
GO;
CREATE INDEX "IX_Contacts_Consent_DeletedAt" ON "Contacts" ("Consent", "DeletedAt");
GO;
CREATE UNIQUE INDEX "IX_Contacts_ExternalId" ON "Contacts" ("ExternalId") WHERE "ExternalId" IS NOT NULL AND "DeletedAt" IS NULL;
GO;
CREATE INDEX "IX_Contacts_Language" ON "Contacts" ("Language");
GO;
CREATE INDEX "IX_Contacts_Name" ON "Contacts" ("Name");
GO;
CREATE UNIQUE INDEX "IX_Contacts_Phone" ON "Contacts" ("Phone") WHERE "DeletedAt" IS NULL;
GO;
CREATE INDEX "IX_Contacts_Zone" ON "Contacts" ("Zone");
GO;
CREATE INDEX "IX_Deliveries_BroadcastId" ON "Deliveries" ("BroadcastId");
GO;
CREATE INDEX "IX_Deliveries_BroadcastId_Status" ON "Deliveries" ("BroadcastId", "Status");
GO;
CREATE INDEX "IX_Deliveries_ClaimedAt" ON "Deliveries" ("ClaimedAt");
GO;
CREATE INDEX "IX_Deliveries_ContactId" ON "Deliveries" ("ContactId");
GO;
CREATE INDEX "IX_Deliveries_Dispatch" ON "Deliveries" ("BroadcastId", "Provider", "Status", "NextAttemptAt");
GO;
CREATE INDEX "IX_Deliveries_FallbackForDeliveryId" ON "Deliveries" ("FallbackForDeliveryId");
GO;
CREATE INDEX "IX_Deliveries_NextAttemptAt" ON "Deliveries" ("NextAttemptAt");
GO;
CREATE UNIQUE INDEX "IX_Deliveries_ProviderMessageId" ON "Deliveries" ("ProviderMessageId");
GO;
CREATE INDEX "IX_DeliveryStatusEvents_DeliveryId" ON "DeliveryStatusEvents" ("DeliveryId");
GO;
CREATE UNIQUE INDEX "IX_DeliveryStatusEvents_ProviderMessageId_DedupeKey" ON "DeliveryStatusEvents" ("ProviderMessageId", "DedupeKey");
GO;
CREATE INDEX "IX_DeliveryStatusEvents_WebhookEventId" ON "DeliveryStatusEvents" ("WebhookEventId");
GO;
CREATE INDEX "IX_DirectMessages_ContactId_CreatedAt" ON "DirectMessages" ("ContactId", "CreatedAt");
GO;
CREATE UNIQUE INDEX "IX_DirectMessages_DeliveryId" ON "DirectMessages" ("DeliveryId");
GO;
CREATE INDEX "IX_DirectMessages_InReplyToInboundMessageId" ON "DirectMessages" ("InReplyToInboundMessageId");
GO;
CREATE INDEX "IX_DirectMessages_ToAddress_CreatedAt" ON "DirectMessages" ("ToAddress", "CreatedAt");
GO;
CREATE INDEX "IX_GatewayWebhookEvents_ProviderMessageId" ON "GatewayWebhookEvents" ("ProviderMessageId");
GO;
CREATE INDEX "IX_GatewayWebhookEvents_ReceivedAt" ON "GatewayWebhookEvents" ("ReceivedAt");
GO;
CREATE INDEX "IX_InboundMessages_AnswersBroadcastId" ON "InboundMessages" ("AnswersBroadcastId");
GO;
CREATE INDEX "IX_InboundMessages_ContactId_ReceivedAt" ON "InboundMessages" ("ContactId", "ReceivedAt");
GO;
CREATE INDEX "IX_InboundMessages_FromAddress_ReceivedAt" ON "InboundMessages" ("FromAddress", "ReceivedAt");
GO;
CREATE INDEX "IX_InboundMessages_IncidentId" ON "InboundMessages" ("IncidentId");
GO;
CREATE UNIQUE INDEX "IX_InboundMessages_ProviderMessageId" ON "InboundMessages" ("ProviderMessageId");
GO;
CREATE INDEX "IX_InboundMessages_ReceivedAt" ON "InboundMessages" ("ReceivedAt");
GO;
CREATE INDEX "IX_InboundMessages_ReplyToProviderMessageId" ON "InboundMessages" ("ReplyToProviderMessageId");
GO;
CREATE INDEX "IX_InboundMessages_Triage" ON "InboundMessages" ("TriageState", "Priority", "ReceivedAt");
GO;
CREATE INDEX "IX_InboundMessages_WebhookEventId" ON "InboundMessages" ("WebhookEventId");
GO;
CREATE INDEX "IX_InboxNotes_InboundMessageId" ON "InboxNotes" ("InboundMessageId");
GO;
CREATE INDEX "IX_Incidents_IsDrill_CreatedAt" ON "Incidents" ("IsDrill", "CreatedAt");
GO;
CREATE INDEX "IX_Incidents_State_CreatedAt" ON "Incidents" ("State", "CreatedAt");
GO;
CREATE INDEX "IX_IncidentTimelineEntries_IncidentId_At" ON "IncidentTimelineEntries" ("IncidentId", "At");
GO;
CREATE UNIQUE INDEX "IX_KeywordAutoReplies_Keyword" ON "KeywordAutoReplies" ("Keyword");
GO;
CREATE INDEX "IX_MessageTemplates_IsRetired_Name" ON "MessageTemplates" ("IsRetired", "Name");
GO;
CREATE UNIQUE INDEX "IX_MessageTemplates_Name" ON "MessageTemplates" ("Name");
GO;
CREATE UNIQUE INDEX "IX_Segments_Name" ON "Segments" ("Name") WHERE "DeletedAt" IS NULL;
GO;
CREATE UNIQUE INDEX "IX_TemplateVariants_TemplateId_Language" ON "TemplateVariants" ("TemplateId", "Language");
GO;
CREATE INDEX "IX_UnknownSenders_LastSeenAt" ON "UnknownSenders" ("LastSeenAt");
GO;
CREATE UNIQUE INDEX "IX_UnknownSenders_Phone" ON "UnknownSenders" ("Phone");
GO;
CREATE INDEX "IX_WhatsAppReachEntries_CountedAt" ON "WhatsAppReachEntries" ("CountedAt");
GO;
