// Generated from the gateway's OpenAPI document by infra/web-types.ts (npm run web:types). Do not edit.
export interface paths {
    "/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in
         * @description Returns a bearer JWT (HS256) valid for JWT_TTL_HOURS, or until a new password, another role or executor, or deactivation revokes it (each request checks, on every gateway replica). Applicants may sign in with their phone number in any usual format. Failed attempts are limited per client address (RATE_LIMIT_AUTH_PER_IP) and per login (RATE_LIMIT_AUTH_PER_ACCOUNT) within RATE_LIMIT_WINDOW_SECONDS: past either, every attempt (the right password too) is 429 with Retry-After until the window ends. A successful sign-in counts against neither.
         *
         *     **Who:** anyone.
         */
        post: operations["auth.login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register as an applicant: send a code to the phone
         * @description Opens a resident's cabinet in two steps: this one starts a sign-up attempt, answers its `attemptId` and sends a six-digit code by SMS to the phone (E.164, which becomes the login); `POST /auth/register/confirm` with the phone, the `attemptId` and the code opens the cabinet with the phone confirmed. Each attempt keeps its own code, password, name and email: another attempt for the same phone (someone else who knows the number, say) gets a code of its own and never changes or opens this one. The answer is the same whether or not the number already has a cabinet (its owner gets an SMS saying so instead of a code), so registration does not tell which numbers are registered. Limited per client address and per phone (429 with Retry-After), one SMS a minute and SMS_CODES_PER_PHONE_PER_DAY a day per phone.
         *
         *     **Who:** anyone.
         */
        post: operations["auth.register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/register/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register as an applicant: confirm the code and open the cabinet
         * @description The code from the SMS opens the cabinet (phone confirmed) with the details of the attempt it was sent for, and signs in. The code counts only with that attempt's `attemptId`; 5 wrong guesses spend the attempt's code; attempts are limited per address and per phone.
         *
         *     **Who:** anyone.
         */
        post: operations["auth.register.confirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/phone-verification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a code that confirms my phone
         * @description Sends a six-digit code by SMS to the applicant's phone on record, valid 10 minutes. Once confirmed, the requests an operator registered from calls under that number are the applicant's too (list, card, rating), and the cabinet may submit requests. A new code no sooner than SMS_RESEND_AFTER_SECONDS after the last, at most SMS_CODES_PER_PHONE_PER_DAY to the phone and SMS_CODES_PER_ACCOUNT_PER_DAY for the account (429 with Retry-After).
         *
         *     **Who:** applicant.
         */
        post: operations["auth.phoneVerification.send"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/phone-verification/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm my phone with the code
         * @description A right code confirms the phone on record (`phoneVerifiedAt`); 5 wrong guesses spend the code, each counted before it is compared. Attempts are limited per address and per account.
         *
         *     **Who:** applicant.
         */
        post: operations["auth.phoneVerification.confirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show the signed-in user
         * @description **Who:** any signed-in user.
         */
        get: operations["auth.me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List requests
         * @description 8.1.4: filters combine; ordered by deadline (soonest first) unless `sort` says otherwise. Executors get only their executor’s requests, applicants only their own.
         *
         *     **Who:** operator, executor, manager, ict, analyst, admin, applicant.
         */
        get: operations["requests.list"];
        put?: never;
        /**
         * Register a request
         * @description 5.12: numbers the request, routes it by the Classifier, starts its workflow. Operators register phone calls (channel phone, applicant required); applicants submit from their cabinet (channel web). With an Idempotency-Key header a retry — even many concurrent ones — returns the same request (header Idempotent-Replayed: true), and a refused one the same refusal; without one the gateway makes a key and returns it in the Idempotency-Key response header, to retry with. Keys are remembered for IDEMPOTENCY_TTL_HOURS (24 h) at least. A blocked number (5.7) is refused with 403 phone_blocked.
         *
         *     **Who:** operator, applicant.
         */
        post: operations["requests.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{number}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a request card
         * @description **Who:** operator, executor, manager, ict, analyst, admin, applicant.
         */
        get: operations["requests.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{number}/acceptance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Take the request into work
         * @description 8.1.2. Runs as the Temporal Update `accept`; answers with the card once the read model shows the change. A refusal is 409 (wrong status; 9.2.4 not reviewable yet, with details.reviewableAt), 403 or 422 (a rule of the Regulation). With an Idempotency-Key header (the Update's id) a retry is applied once and answered again.
         *
         *     **Who:** executor.
         */
        post: operations["requests.accept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{number}/comments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Comment on the request
         * @description 8.1.3, 9.2.3. Runs as the Temporal Update `comment`; answers with the card once the read model shows the change. A refusal is 409 (wrong status; 9.2.4 not reviewable yet, with details.reviewableAt), 403 or 422 (a rule of the Regulation). With an Idempotency-Key header (the Update's id) a retry is applied once and answered again.
         *
         *     **Who:** executor, operator, manager.
         */
        post: operations["requests.comment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{number}/executor-change": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask to change the executor
         * @description 8.2.1. 8.2.x: the executor's clock stops while the Contact Center decides (card.clockStoppedAt); a refusal moves the deadline by the time the decision took (card.clockStoppedMs sums it). Runs as the Temporal Update `requestExecutorChange`; answers with the card once the read model shows the change. A refusal is 409 (wrong status; 9.2.4 not reviewable yet, with details.reviewableAt), 403 or 422 (a rule of the Regulation). With an Idempotency-Key header (the Update's id) a retry is applied once and answered again.
         *
         *     **Who:** executor.
         */
        post: operations["requests.executorChange"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{number}/executor-change/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decide a change of executor
         * @description 8.2.1. Runs as the Temporal Update `decideExecutorChange`; answers with the card once the read model shows the change. A refusal is 409 (wrong status; 9.2.4 not reviewable yet, with details.reviewableAt), 403 or 422 (a rule of the Regulation). With an Idempotency-Key header (the Update's id) a retry is applied once and answered again.
         *
         *     **Who:** operator.
         */
        post: operations["requests.executorChangeDecision"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{number}/additional-control": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask for additional control
         * @description 8.2.2. responsiblePerson is required exactly when the card's extensionNeedsManager is true: an extension asked after a missed additional-control term, which then also needs the manager's sign-off. 8.2.x: the executor's clock stops while the Contact Center decides (card.clockStoppedAt); a refusal moves the deadline by the time the decision took (card.clockStoppedMs sums it). Runs as the Temporal Update `requestAdditionalControl`; answers with the card once the read model shows the change. A refusal is 409 (wrong status; 9.2.4 not reviewable yet, with details.reviewableAt), 403 or 422 (a rule of the Regulation). With an Idempotency-Key header (the Update's id) a retry is applied once and answered again.
         *
         *     **Who:** executor.
         */
        post: operations["requests.additionalControl"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{number}/additional-control/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decide additional control
         * @description 8.2.2. Runs as the Temporal Update `decideAdditionalControl`; answers with the card once the read model shows the change. A refusal is 409 (wrong status; 9.2.4 not reviewable yet, with details.reviewableAt), 403 or 422 (a rule of the Regulation). With an Idempotency-Key header (the Update's id) a retry is applied once and answered again.
         *
         *     **Who:** operator.
         */
        post: operations["requests.additionalControlDecision"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{number}/additional-control/manager-approval": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign off an extension after a missed additional-control term
         * @description 8.2.2. Needed when the extension was asked with the card's extensionNeedsManager true (pending.managerRequired). Runs as the Temporal Update `managerApproval`; answers with the card once the read model shows the change. A refusal is 409 (wrong status; 9.2.4 not reviewable yet, with details.reviewableAt), 403 or 422 (a rule of the Regulation). With an Idempotency-Key header (the Update's id) a retry is applied once and answered again.
         *
         *     **Who:** manager.
         */
        post: operations["requests.managerApproval"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{number}/strategic-plan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask to include the request in the СЕР plans
         * @description 8.2.3. 8.2.x: the executor's clock stops while the Contact Center decides (card.clockStoppedAt); a refusal moves the deadline by the time the decision took (card.clockStoppedMs sums it). Runs as the Temporal Update `requestStrategicPlan`; answers with the card once the read model shows the change. A refusal is 409 (wrong status; 9.2.4 not reviewable yet, with details.reviewableAt), 403 or 422 (a rule of the Regulation). With an Idempotency-Key header (the Update's id) a retry is applied once and answered again.
         *
         *     **Who:** executor.
         */
        post: operations["requests.strategicPlan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{number}/strategic-plan/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decide inclusion in the СЕР plans
         * @description 8.2.3. Runs as the Temporal Update `decideStrategicPlan`; answers with the card once the read model shows the change. A refusal is 409 (wrong status; 9.2.4 not reviewable yet, with details.reviewableAt), 403 or 422 (a rule of the Regulation). With an Idempotency-Key header (the Update's id) a retry is applied once and answered again.
         *
         *     **Who:** operator.
         */
        post: operations["requests.strategicPlanDecision"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{number}/closure-proposal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Propose closure with the result
         * @description 7.5, 8.3. 7.5: date is «дата складення інформації», not before the registration date. Runs as the Temporal Update `proposeClosure`; answers with the card once the read model shows the change. A refusal is 409 (wrong status; 9.2.4 not reviewable yet, with details.reviewableAt), 403 or 422 (a rule of the Regulation). With an Idempotency-Key header (the Update's id) a retry is applied once and answered again.
         *
         *     **Who:** executor.
         */
        post: operations["requests.closureProposal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{number}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Review a closure proposal
         * @description 9.2.4. 9.2.3: approving a request its applicant did not confirm is refused (422): it goes back for rework. Runs as the Temporal Update `review`; answers with the card once the read model shows the change. A refusal is 409 (wrong status; 9.2.4 not reviewable yet, with details.reviewableAt), 403 or 422 (a rule of the Regulation). With an Idempotency-Key header (the Update's id) a retry is applied once and answered again.
         *
         *     **Who:** operator.
         */
        post: operations["requests.review"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{number}/spot-check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a spot check with the applicant
         * @description 9.2.5. Runs as the Temporal Update `spotCheck`; answers with the card once the read model shows the change. A refusal is 409 (wrong status; 9.2.4 not reviewable yet, with details.reviewableAt), 403 or 422 (a rule of the Regulation). With an Idempotency-Key header (the Update's id) a retry is applied once and answered again.
         *
         *     **Who:** operator.
         */
        post: operations["requests.spotCheck"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{number}/rating": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rate the execution
         * @description 10.1. Runs as the Temporal Update `rate`; answers with the card once the read model shows the change. A refusal is 409 (wrong status; 9.2.4 not reviewable yet, with details.reviewableAt), 403 or 422 (a rule of the Regulation). With an Idempotency-Key header (the Update's id) a retry is applied once and answered again.
         *
         *     **Who:** applicant.
         */
        post: operations["requests.rating"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{number}/rating/verification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Verify a negative rating
         * @description 10.2. Runs as the Temporal Update `verifyRating`; answers with the card once the read model shows the change. A refusal is 409 (wrong status; 9.2.4 not reviewable yet, with details.reviewableAt), 403 or 422 (a rule of the Regulation). With an Idempotency-Key header (the Update's id) a retry is applied once and answered again.
         *
         *     **Who:** operator.
         */
        post: operations["requests.ratingVerification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{number}/inspection": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Schedule a commission inspection
         * @description 9.2.3. Runs as the Temporal Update `scheduleInspection`; answers with the card once the read model shows the change. A refusal is 409 (wrong status; 9.2.4 not reviewable yet, with details.reviewableAt), 403 or 422 (a rule of the Regulation). With an Idempotency-Key header (the Update's id) a retry is applied once and answered again.
         *
         *     **Who:** operator.
         */
        post: operations["requests.inspection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{number}/inspection/outcome": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record what a held inspection found
         * @description 9.2.3. Runs as the Temporal Update `recordInspectionOutcome`; answers with the card once the read model shows the change. A refusal is 409 (wrong status; 9.2.4 not reviewable yet, with details.reviewableAt), 403 or 422 (a rule of the Regulation). With an Idempotency-Key header (the Update's id) a retry is applied once and answered again.
         *
         *     **Who:** operator.
         */
        post: operations["requests.inspectionOutcome"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{number}/co-executors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Bring in another executor for a part of the work
         * @description 8.2.1. «залучення інших виконавців»: the co-executor (an active executor, not the request's own, at most 10) sees the request in its queue, comments, and proposes its part (POST …/part); the request is proposed for closure once every part is done. On a pending request for a change of executor it answers it: the executor stays and its clock resumes. Runs as the Temporal Update `involveCoExecutor`; answers with the card once the read model shows the change. A refusal is 409 (wrong status; 9.2.4 not reviewable yet, with details.reviewableAt), 403 or 422 (a rule of the Regulation). With an Idempotency-Key header (the Update's id) a retry is applied once and answered again.
         *
         *     **Who:** operator.
         */
        post: operations["requests.coExecutors"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{number}/part": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A co-executor proposes its part done
         * @description 8.2.1. By a co-executor of the request, once; date is «дата складення інформації» (7.5), not before the registration nor in the future. Runs as the Temporal Update `proposePart`; answers with the card once the read model shows the change. A refusal is 409 (wrong status; 9.2.4 not reviewable yet, with details.reviewableAt), 403 or 422 (a rule of the Regulation). With an Idempotency-Key header (the Update's id) a retry is applied once and answered again.
         *
         *     **Who:** executor.
         */
        post: operations["requests.part"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{number}/confirmation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The applicant's word on a repeated request: given in the cabinet, or the applicant's call recorded
         * @description 9.2.3. The applicant answers in the cabinet (channel cabinet, or none). A worker never confirms in the applicant's place: an operator records only the applicant's call, channel phone_call with callAt (when the applicant called); any other channel from a worker is refused (422). 'Not confirmed' returns the request for rework at once (events applicant_not_confirmed then returned_for_rework): nobody closes it over the applicant's word. The card keeps the word in applicantConfirmation (confirmed, at, channel, recordedBy, callAt). Runs as the Temporal Update `confirmResolution`; answers with the card once the read model shows the change. A refusal is 409 (wrong status; 9.2.4 not reviewable yet, with details.reviewableAt), 403 or 422 (a rule of the Regulation). With an Idempotency-Key header (the Update's id) a retry is applied once and answered again.
         *
         *     **Who:** applicant, operator.
         */
        post: operations["requests.confirmation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload an attachment
         * @description One file in the multipart field `file`: a JPEG, PNG or WebP photo or a PDF, up to MAX_UPLOAD_MB. Refer to it by id in attachmentIds; a file nothing refers to is removed after UNREFERENCED_UPLOAD_HOURS (an hour). An applicant starts at most UPLOADS_PER_APPLICANT_PER_DAY uploads a day, a staff user UPLOADS_PER_STAFF_PER_DAY (429); every upload started counts, refused or not. A Content-Length over the limit (413), a Content-Type without its boundary (400) and a used-up quota (429) are answered before the body is read, and the connection is then closed.
         *
         *     **Who:** any signed-in user.
         */
        post: operations["attachments.upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attachments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download an attachment
         * @description Contact Center staff download any attachment; an executor the files it uploaded and those attached to its executor's requests; an applicant and an analyst only the files they uploaded (the others carry personal data).
         *
         *     **Who:** any signed-in user.
         */
        get: operations["attachments.download"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/refusals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refuse a caller and write a memo
         * @description 5.7: records the refusal with its ground and the memo text; no request number is issued. The managers are told to approve it, and reminded once if a working day passes without their decision. The memo is a workflow `memo-<memoId>`; the answer comes once the memo is recorded.
         *
         *     **Who:** operator.
         */
        post: operations["refusals.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/memos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List memos
         * @description **Who:** operator, manager, ict, admin.
         */
        get: operations["memos.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/memos/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a memo
         * @description **Who:** operator, manager, ict, admin.
         */
        get: operations["memos.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/memos/{id}/approval": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve or reject a memo
         * @description 5.7: the manager decides; an approved memo goes to ICT to block the number.
         *
         *     **Who:** manager.
         */
        post: operations["memos.approval"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/memos/{id}/block": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Block the number of an approved memo
         * @description 5.7: ICT blocks the number; from now on registrations from it are refused with 403 phone_blocked.
         *
         *     **Who:** ict.
         */
        post: operations["memos.block"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/blocked-numbers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List blocked numbers
         * @description **Who:** operator, manager, ict, admin.
         */
        get: operations["blockedNumbers.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/blocked-numbers/{phone}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Unblock a number
         * @description ICT unblocks, giving a reason (in the JSON body or the `reason` query parameter); who, when and why stay in the memo history.
         *
         *     **Who:** ict.
         */
        delete: operations["blockedNumbers.delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List users
         * @description **Who:** admin, operator.
         */
        get: operations["users.list"];
        put?: never;
        /**
         * Create a user
         * @description Staff accounts (operator, executor bound to an executorId, manager, ict, analyst, admin) and applicants.
         *
         *     **Who:** admin.
         */
        post: operations["users.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a user
         * @description **Who:** admin, operator.
         */
        get: operations["users.get"];
        /**
         * Change a user
         * @description Any of name, role, executorId, phone, email, active, password; a new password, another role or executor, or deactivation signs the user out at once: every token issued to them before is refused (401) on their next request, also once they are active again. An admin cannot deactivate or demote their own account (409 `own_admin_rights`: another admin does it), and no change may leave the system without an active admin (409 `last_admin`).
         *
         *     **Who:** admin.
         */
        put: operations["users.update"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/executors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List executors
         * @description **Who:** operator, executor, manager, ict, analyst, admin.
         */
        get: operations["executors.list"];
        put?: never;
        /**
         * Create an executor
         * @description 8.1.1: every executor names its responsible person for work with the Contact Center.
         *
         *     **Who:** admin.
         */
        post: operations["executors.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/executors/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show an executor
         * @description **Who:** operator, executor, manager, ict, analyst, admin.
         */
        get: operations["executors.get"];
        /**
         * Change an executor
         * @description **Who:** admin.
         */
        put: operations["executors.update"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/classifier": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the Classifier
         * @description Public: the categories a request can be filed under, with their executor and terms.
         *
         *     **Who:** anyone.
         */
        get: operations["classifier.list"];
        put?: never;
        /**
         * Add a Classifier category
         * @description **Who:** admin.
         */
        post: operations["classifier.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/classifier/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Change a Classifier category
         * @description Replaces the category. Requests already registered keep the route and terms they were given.
         *
         *     **Who:** admin.
         */
        put: operations["classifier.update"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/districts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the districts
         * @description Public: the districts a request address can name (`address.district`); registration refuses any other (422 unknown_district).
         *
         *     **Who:** anyone.
         */
        get: operations["districts.list"];
        put?: never;
        /**
         * Add a district
         * @description **Who:** admin.
         */
        post: operations["districts.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/districts/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Change a district
         * @description Retires (`active: false`) or restores a district. Requests already registered keep their district; new ones may not name a retired one.
         *
         *     **Who:** admin.
         */
        put: operations["districts.update"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/calendar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show the working calendar
         * @description **Who:** operator, executor, manager, ict, analyst, admin.
         */
        get: operations["calendar.get"];
        /**
         * Replace the working calendar
         * @description Working periods per weekday, public holidays, extra working days and the martial-law switch. Applies to deadlines computed from now on.
         *
         *     **Who:** admin.
         */
        put: operations["calendar.put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List notification deliveries
         * @description Who was told what and when (emails, SMS), after how many attempts — filter by request number, memo, recipient, status, template.
         *
         *     **Who:** admin, ict, manager, operator.
         */
        get: operations["notifications.deliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/parked": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List parked notifications
         * @description Events that could not be delivered and wait for a person.
         *
         *     **Who:** admin, ict, manager, operator.
         */
        get: operations["notifications.parked"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/parked/{id}/redrive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deliver a parked notification again
         * @description **Who:** admin, ict.
         */
        post: operations["notifications.redrive"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/repair-works": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List repair works
         * @description 8.1.6: every registered work, newest registration first; filters combine.
         *
         *     **Who:** operator, executor, manager, ict, analyst, admin.
         */
        get: operations["repairWorks.list"];
        put?: never;
        /**
         * Register a repair work
         * @description 8.1.6: a planned work at least 24 hours before it starts (8.1.6.1, else 422 rule_violation naming the rule), an emergency at once, its start possibly in the past (8.1.6.2). An executor registers works only for its own organisation; an operator on an executor's behalf (`reportedBy` names the executor's person; both names are recorded). With an Idempotency-Key header a retry — even several at once — returns the same work (the same key with another body: 422 idempotency_key_reused). The work names the addresses it affects and the Classifier categories it explains: calls about them there are linked to it. An executor names only its own categories (the Classifier's executor of each); an operator may name any.
         *
         *     **Who:** executor, operator.
         */
        post: operations["repairWorks.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/repair-works/active": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Find the outages known at an address
         * @description During a call: the works going on now at the address (no building: the whole street), emergencies first, with when each is expected to end; with `category`, only works that explain it (or name no category).
         *
         *     **Who:** operator, executor, manager, ict, analyst, admin.
         */
        get: operations["repairWorks.active"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/repair-works/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a repair-work card
         * @description **Who:** operator, executor, manager, ict, analyst, admin.
         */
        get: operations["repairWorks.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/repair-works/{id}/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the requests linked to a repair work
         * @description **Who:** operator, executor, manager, ict, analyst, admin.
         */
        get: operations["repairWorks.linked"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/repair-works/{id}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Close a repair work
         * @description 8.1.6: when the work ends, with the actual end and a note. The executors of the open requests linked to it are told, with the list.
         *
         *     **Who:** executor, operator.
         */
        post: operations["repairWorks.close"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/repair-works/{id}/extension": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Extend the expected end of a repair work
         * @description 8.1.7: an audited transition with the reason; an overdue card is no longer overdue and its reminders stop.
         *
         *     **Who:** executor, operator.
         */
        post: operations["repairWorks.extend"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/repair-works/{id}/addresses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change the addresses a repair work affects
         * @description 8.1.7: an audited transition with the reason (the history keeps what they were).
         *
         *     **Who:** executor, operator.
         */
        post: operations["repairWorks.addresses"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/repair-works/{id}/closure-proposals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Propose closure of the requests linked to a closed repair work
         * @description 7.5, 8.3 in one call: the result fields are given once and each open linked request of your organisation gets its own proposeClosure Update; each answers for itself (`results[].ok`, or its refusal), so one refusal leaves the others proposed. `numbers` picks some of them (a number not linked to the work is answered `not_linked`).
         *
         *     **Who:** executor.
         */
        post: operations["repairWorks.closureProposals"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/public/repair-works": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Current and upcoming repair works
         * @description 2.8, no sign-in: works not yet closed, soonest start first; filters combine.
         *
         *     **Who:** anyone.
         */
        get: operations["public.repairWorks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/public/news": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * News of the city
         * @description 2.8, 9.1.3.2, no sign-in: the items whose publishing window is open, newest first.
         *
         *     **Who:** anyone.
         */
        get: operations["public.news"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/public/feed.atom": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Atom feed of repair works and news
         * @description 2.8, no sign-in: the current and upcoming works and the published news as an Atom 1.0 feed, for residents and local media to subscribe to.
         *
         *     **Who:** anyone.
         */
        get: operations["public.feed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/news": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Post a news item
         * @description 2.8, 9.1.3.2: an important city event, shown in the public news during its publishing window (from now when `publishFrom` is not given). The author is recorded.
         *
         *     **Who:** operator, manager.
         */
        post: operations["news.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/consultations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List consultations
         * @description 2.9: for workers, the consultations not yet closed (waiting ones first, the soonest due first); for a resident, their own, newest first.
         *
         *     **Who:** operator, manager, admin, analyst, applicant.
         */
        get: operations["consultations.list"];
        put?: never;
        /**
         * Ask a question
         * @description 2.9: a resident asks in the cabinet (channel web), or an operator records a question asked by phone (channel phone). It gets a number of its own series (`<CITY_PREFIX>K-<year>-<sequence>`) and the reply term of its consultation category; Contact Center workers answer it (it is not routed to an executor).
         *
         *     **Who:** operator, applicant.
         */
        post: operations["consultations.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/consultations/{number}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a consultation
         * @description **Who:** operator, manager, admin, analyst, applicant.
         */
        get: operations["consultations.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/consultations/{number}/replies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Answer a consultation
         * @description 2.9: A worker’s answer in the thread; the resident is emailed it. The resident may then mark it answered, ask again, or stay silent (it closes after the configured working days).
         *
         *     **Who:** operator, manager.
         */
        post: operations["consultations.reply"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/consultations/{number}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Write again in a consultation
         * @description 2.9: The resident’s follow-up (or an operator’s record of one by phone): the consultation waits for a reply again, with a new reply term.
         *
         *     **Who:** applicant, operator.
         */
        post: operations["consultations.message"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/consultations/{number}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add an internal note
         * @description 2.9: A note for the workers only: never shown to the resident, never in an email or an event.
         *
         *     **Who:** operator, manager.
         */
        post: operations["consultations.note"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/consultations/{number}/answered": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark a consultation answered
         * @description 2.9: the resident closes the consultation as answered, rating the answer at once if they like.
         *
         *     **Who:** applicant.
         */
        post: operations["consultations.answered"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/consultations/{number}/rating": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rate the answer of a consultation
         * @description 2.9: once, while it is answered or after it closed (during the rating window).
         *
         *     **Who:** applicant.
         */
        post: operations["consultations.rating"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/consultations/{number}/conversion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Convert a consultation into a request
         * @description 2.9: when the question is really a problem to fix. The request is registered through intake like any call — routed by the Classifier to its executor, with its own number and term — its description carries the consultation’s number and thread (never an internal note), and the consultation records the request it became.
         *
         *     **Who:** operator, manager.
         */
        post: operations["consultations.conversion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/consultation-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the consultation sessions
         * @description 2.9: the sessions not yet over. Operators and managers see the bookings; a resident sees the free places and their own bookings.
         *
         *     **Who:** applicant, operator, manager.
         */
        get: operations["consultationSessions.list"];
        put?: never;
        /**
         * Publish a consultation session
         * @description 2.9: a topic, an expert and time slots (each with its capacity) residents can book.
         *
         *     **Who:** operator, manager.
         */
        post: operations["consultationSessions.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/consultation-sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a consultation session
         * @description **Who:** applicant, operator, manager.
         */
        get: operations["consultationSessions.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/consultation-sessions/{id}/bookings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Book a slot of a consultation session
         * @description 2.9: the resident is emailed a confirmation now and a reminder a day before the slot.
         *
         *     **Who:** applicant.
         */
        post: operations["consultationSessions.book"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/consultation-sessions/{id}/slots/{slotId}/held": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record that a session was held
         * @description **Who:** operator, manager.
         */
        post: operations["consultationSessions.held"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reports/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export requests
         * @description 9.1.3.3 "other materials on request": every request registered from `from` to `to` (Kyiv days, both included; at most 366 days, else 400 naming `query.to`) that passes the filters — Classifier `category`, `district`, `executor`, current `status` — one row each, as JSON (`{from, to, filters, rows}`), CSV (UTF-8 with BOM) or XLSX. Streamed: rows are sent as the reporting service reads them, a registration day at a time, so a long period starts at once and takes as long as its rows (about a second a month of 1,500 requests a day on the development machine). From the reporting service's own per-request rows, never the requests collection. An executor gets only its own requests. One export at a time per user, whichever gateway replica serves it: another while one runs is refused with 429 `export_running` and Retry-After. A CSV cell that would start a formula (`=`, `+`, `-`, `@`, a tab or a carriage return) starts with `'` instead, so spreadsheets show it as text.
         *
         *     **Who:** manager, analyst, operator, executor.
         */
        get: operations["reports.export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reports/{report}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a report
         * @description The Regulation's reports from the event-fed read models, for a Kyiv day (`date`), ISO week (`week`) or month (`month`) — the current one when left out — filtered by `district` and `executor`, as JSON, CSV (UTF-8 with BOM) or XLSX. daily-by-category (9.1.1, date), weekly-by-district (9.1.2, week), monthly-topics (9.1.3.1, month), overdue-by-executor (9.2.1, week), ineffective-executors (9.2.2, week or month), daily-indicators (10.4, date). An executor may read only overdue-by-executor, and only its own.
         *
         *     **Who:** manager, analyst, operator, executor.
         */
        get: operations["reports.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/spot-checks/today": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the day's spot checks
         * @description 9.2.5: the random sample, stratified by executor, of the requests closed on the previous working day, for the operators' phone survey (record each result with POST /requests/{n}/spot-check). Drawn once a day with a recorded seed.
         *
         *     **Who:** operator, manager.
         */
        get: operations["spotChecks.today"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/public/requests/{number}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Look up a request status by its number and phone
         * @description The status and term of a request, for whoever gives its number and the phone it was filed under. A wrong phone answers as an unknown number (404), so the look-up tells nothing about other people’s requests.
         *
         *     **Who:** anyone.
         */
        get: operations["public.requestStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ui-config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show where staff find workflows
         * @description The Temporal UI address and namespace, for the link from a request page to its workflow (TEMPORAL_UI_URL; absent when not configured).
         *
         *     **Who:** operator, executor, manager, ict, analyst, admin.
         */
        get: operations["ui.config"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/codec/decode": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decode Temporal payloads
         * @description The Temporal UI's remote codec: decrypts the payloads of workflow histories for staff who may read every request (operator, manager, ICT, admin). A payload without the encryption marker comes back as it is; one under a key id this deployment does not hold is refused (422).
         *
         *     **Who:** operator, manager, ict, admin.
         */
        post: operations["codec.decode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/staff-session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open a staff session for the browser tools
         * @description Sets an HttpOnly cookie (cc_staff) with a staff-tools token of the signed-in staff member, so that the Temporal UI, configured to send credentials to its codec endpoint (/api/v1/codec), decodes payloads for them, and, in production, Swagger UI and the readiness details open for them. It lasts as a sign-in does, until `DELETE /staff-session`, or until a new password, another role or deactivation. Only those read-only endpoints accept the cookie, and only the cookie carries that token: as a bearer token the API refuses it (401), and an API token as the cookie is refused too.
         *
         *     **Who:** operator, executor, manager, ict, analyst, admin.
         */
        post: operations["staffSession.open"];
        /**
         * Close the staff session of the browser tools
         * @description Clears the cc_staff cookie and ends the staff session on every gateway replica: every staff-tools token of the cookie's holder (and of the bearer token's user, when one is sent) is refused from then on, so a copy of the cookie opens nothing. Without a cookie or with a stale one, it only clears the cookie.
         *
         *     **Who:** anyone.
         */
        delete: operations["staffSession.close"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        NewRequest: {
            /**
             * @description phone for operators (the default for them), web for applicants
             * @enum {string}
             */
            channel?: "phone" | "web";
            /** @description Required for a phone call; an applicant's web request uses the cabinet's phone (name and email may be given) */
            applicant?: {
                name: string;
                phone: string;
                /** Format: email */
                email?: string;
            };
            address: {
                district: string;
                street: string;
                building: string;
                apartment?: string;
            };
            categoryCode: string;
            description: string;
            attachmentIds?: string[];
        };
        NewRepairWork: {
            /** @enum {string} */
            kind: "planned" | "emergency";
            /** @description The executor organisation; an executor's staff may leave it out (their own) */
            executorId?: string;
            district: string;
            street: string;
            /** @default [] */
            buildings: string[];
            /** @default [] */
            categoryCodes: string[];
            title?: string;
            description: string;
            /** Format: date-time */
            startsAt: string;
            /** Format: date-time */
            expectedEndAt: string;
            reportedBy?: string;
        };
        BulkClosureProposalInput: {
            result: string;
            unit: string;
            enterprise: string;
            executorSurname: string;
            executorPhone: string;
            /** @description 7.5 «Дата складення інформації» (YYYY-MM-DD): not before the registration date, not in the future. */
            date: string;
            /** @enum {string} */
            applicantInformedVia: "email" | "landline" | "mobile" | "sms" | "messenger" | "in_person" | "letter";
            numbers?: string[];
        };
        NewNews: {
            title: string;
            body: string;
            /** Format: date-time */
            publishFrom?: string;
            /** Format: date-time */
            publishUntil?: string;
        };
        NewConsultation: {
            /** @description A consultation category of the Classifier (CONSULT-…): its term is the reply term */
            categoryCode: string;
            subject?: string;
            /** @description At most 4000 characters; a longer text is refused with 422 limit_reached naming the field */
            question: string;
            /** @description Required when an operator records a question asked by phone; a resident's comes from the cabinet */
            applicant?: {
                name: string;
                phone: string;
                /** Format: email */
                email?: string;
            };
        };
        ConsultationConversion: {
            categoryCode: string;
            address: {
                district: string;
                street: string;
                building: string;
                apartment?: string;
            };
            description?: string;
        };
        NewConsultationSession: {
            topic: string;
            expert: string;
            description: string;
            slots: {
                /** Format: date-time */
                startsAt: string;
                /** Format: date-time */
                endsAt: string;
                capacity: number;
            }[];
        };
        /** @description Temporal payloads in protobuf JSON: metadata values and data in base64. */
        CodecPayloads: {
            /** @default [] */
            payloads: {
                metadata?: {
                    [key: string]: string;
                };
                data?: string;
            }[];
        };
        Session: {
            token: string;
            expiresAt: string;
            user: components["schemas"]["User"];
        };
        User: {
            id: string;
            login: string;
            /** @enum {string} */
            role: "operator" | "executor" | "manager" | "ict" | "analyst" | "admin" | "applicant";
            name: string;
            executorId?: string;
            phone?: string;
            phoneVerifiedAt?: string;
            email?: string;
            active: boolean;
        };
        /** @description Every error: a stable code, a message for people and, where useful, details (for 400: the offending fields). */
        Error: {
            error: {
                code: string;
                message: string;
                details?: unknown;
            };
        };
        /** @description A sign-up attempt: its id, which the confirmation must name, and where and until when its code is valid. */
        RegistrationStarted: {
            /** @description The sign-up attempt this code was sent for, as `POST /auth/register` answered it. */
            attemptId: string;
            sentTo: string;
            expiresAt: string;
        };
        PhoneCodeSent: {
            sentTo: string;
            expiresAt: string;
        };
        Registered: {
            number: string;
            /** @enum {string} */
            status: "in_progress" | "executor_change_requested" | "additional_control_requested" | "strategic_plan_requested" | "strategic_plan" | "closure_proposed" | "rework" | "closed" | "rating_disputed";
            executorId: string;
            deadlineAt: string | null;
            registeredAt: string;
            repeatOf?: string;
            repeatCount: number;
            repairWork?: {
                id: string;
                /** @enum {string} */
                kind: "planned" | "emergency";
                title: string;
                /** Format: date-time */
                expectedEndAt: string;
                executorName: string;
            };
        };
        /** @description The request card (DESIGN §6) with its comments and full history. */
        RequestCard: {
            number: string;
            version: number;
            /** @enum {string} */
            status: "in_progress" | "executor_change_requested" | "additional_control_requested" | "strategic_plan_requested" | "strategic_plan" | "closure_proposed" | "rework" | "closed" | "rating_disputed";
            /** @enum {string} */
            channel: "phone" | "web";
            categoryCode: string;
            categoryName?: string;
            executorId: string;
            executor: {
                id: string;
                name: string;
                /** Format: email */
                email?: string;
            };
            district: string;
            address: {
                district: string;
                street: string;
                building: string;
                apartment?: string;
            };
            applicant: {
                name: string;
                phone: string;
                /** Format: email */
                email?: string;
                userId?: string;
            } | components["schemas"]["PseudonymousApplicant"];
            description: string;
            attachmentIds: string[];
            /** Format: date-time */
            registeredAt: string;
            /** Format: date-time */
            acceptedAt?: string;
            deadlineAt: string | null;
            /** Format: date-time */
            reviewableAt?: string;
            overdue: boolean;
            /** @default 0 */
            overdueCount: number;
            /** @default [] */
            missedDeadlines: {
                /** Format: date-time */
                deadlineAt: string;
                /** Format: date-time */
                at: string;
            }[];
            underAdditionalControl: boolean;
            additionalControlCount: number;
            repeatOf?: string;
            repeatCount: number;
            /** @default [] */
            repeatedBy: string[];
            repairWorkId?: string;
            repairWork?: {
                id: string;
                /** @enum {string} */
                kind: "planned" | "emergency";
                title: string;
                /** Format: date-time */
                expectedEndAt: string;
                executorName: string;
            };
            requiresApplicantConfirmation: boolean;
            applicantConfirmed?: boolean;
            applicantConfirmation?: {
                confirmed: boolean;
                /** Format: date-time */
                at: string;
                /** @enum {string} */
                channel: "cabinet" | "phone_call" | "telegram";
                recordedBy?: {
                    id: string;
                    name?: string;
                };
                /** Format: date-time */
                callAt?: string;
                note?: string;
            };
            pending?: {
                /** @enum {string} */
                kind: "executor_change" | "additional_control" | "manager_approval" | "strategic_plan" | "closure_review" | "rating_check" | "applicant_confirmation";
                /** Format: date-time */
                since: string;
                /** @enum {string} */
                returnTo: "in_progress" | "executor_change_requested" | "additional_control_requested" | "strategic_plan_requested" | "strategic_plan" | "closure_proposed" | "rework" | "closed" | "rating_disputed";
                reason?: string;
                /** Format: date-time */
                proposedDeadline?: string;
                attachmentIds?: string[];
                responsiblePerson?: string;
                managerRequired?: boolean;
            };
            extensionNeedsManager?: boolean;
            /** Format: date-time */
            clockStoppedAt?: string;
            clockStoppedMs?: number;
            watch?: {
                awaiting: string;
                clause: string;
                /** Format: date-time */
                since: string;
                /** Format: date-time */
                remindAt?: string;
                /** Format: date-time */
                escalateAt?: string;
                /** Format: date-time */
                remindedAt?: string;
                /** Format: date-time */
                escalatedAt?: string;
                remind: string;
                escalateTo: string;
            };
            coExecutors?: {
                executor: {
                    id: string;
                    name: string;
                    /** Format: email */
                    email?: string;
                };
                task: string;
                /** Format: date-time */
                addedAt: string;
                addedBy: string;
                part?: {
                    result: string;
                    date: string;
                    by: string;
                    /** Format: date-time */
                    at: string;
                };
            }[];
            result?: {
                result: string;
                unit: string;
                enterprise: string;
                executorSurname: string;
                executorPhone: string;
                /** @description 7.5 «Дата складення інформації» (YYYY-MM-DD): not before the registration date, not in the future. */
                date: string;
                /** @enum {string} */
                applicantInformedVia: "email" | "landline" | "mobile" | "sms" | "messenger" | "in_person" | "letter";
            };
            /** Format: date-time */
            closedAt?: string;
            /** Format: date-time */
            ratingWindowEndsAt?: string;
            rating?: {
                score: number;
                comment?: string;
                /** Format: date-time */
                at: string;
            };
            reworkCount: number;
            strategicPlan?: {
                planYear?: number;
                plannedDate?: string;
                /** Format: date-time */
                approvedAt: string;
                note?: string;
            };
            inspections: {
                /** Format: date-time */
                scheduledAt: string;
                note: string;
                by: string;
                outcome?: {
                    /** Format: date-time */
                    heldAt: string;
                    findings: string;
                    workDone: boolean;
                    by: string;
                    /** Format: date-time */
                    recordedAt: string;
                };
            }[];
            comments: {
                /** Format: date-time */
                at: string;
                author: {
                    id: string;
                    role: string;
                    name?: string;
                    executorId?: string;
                };
                text: string;
                public: boolean;
            }[];
            history: {
                /** Format: date-time */
                at: string;
                actor: {
                    id: string;
                    role: string;
                    name?: string;
                    executorId?: string;
                };
                action: string;
                from?: string;
                to?: string;
                note?: string;
            }[];
        };
        PseudonymousApplicant: {
            pseudonym: string;
        };
        Attachment: {
            id: string;
            filename: string;
            contentType: string;
            size: number;
            uploadedAt: string;
            uploadedBy: {
                id: string;
                role: string;
            };
        };
        Memo: {
            id: string;
            phone: string;
            /** @enum {string} */
            reason: "obscene_language" | "insults" | "degrading_workers" | "incitement_to_hatred" | "calls_to_overthrow";
            text: string;
            /** @enum {string} */
            status: "pending_approval" | "approved" | "rejected" | "blocked" | "unblocked";
            createdBy: {
                id: string;
                role: string;
                name?: string;
            };
            createdAt: string;
            decision?: {
                approve: boolean;
                note: string;
                by: {
                    id: string;
                    role: string;
                    name?: string;
                };
                at: string;
            };
            blocked?: {
                by: {
                    id: string;
                    role: string;
                    name?: string;
                };
                at: string;
            };
            unblocked?: {
                by: {
                    id: string;
                    role: string;
                    name?: string;
                };
                at: string;
                reason: string;
            };
            /** @description 5.7: when ICT will be reminded to block the number of the approved memo */
            ictRemindAt?: string;
            /** @description 5.7: when the managers will be told ICT has not blocked the number */
            ictEscalateAt?: string;
            /** @description When ICT was reminded to block the number */
            ictRemindedAt?: string;
            /** @description When the managers were told ICT had not blocked the number for two working days */
            ictEscalatedAt?: string;
            history: {
                at: string;
                actor: {
                    id: string;
                    role: string;
                    name?: string;
                };
                action: string;
                note?: string;
            }[];
        };
        BlockedNumber: {
            phone: string;
            memoId: string;
            /** @enum {string} */
            reason: "obscene_language" | "insults" | "degrading_workers" | "incitement_to_hatred" | "calls_to_overthrow";
            blockedAt: string;
            blockedBy: {
                id: string;
                role: string;
                name?: string;
            };
            unblocked?: {
                by: {
                    id: string;
                    role: string;
                    name?: string;
                };
                at: string;
                reason: string;
            };
        };
        Executor: {
            id: string;
            name: string;
            email: string;
            phone?: string;
            responsiblePerson: {
                name: string;
                phone: string;
                email: string;
            };
            active: boolean;
        };
        Category: {
            code: string;
            name: string;
            executorId: string;
            term: {
                amount: number;
                /** @enum {string} */
                unit: "hours" | "working_hours" | "working_days";
            };
            reworkTerm: {
                amount: number;
                /** @enum {string} */
                unit: "hours" | "working_hours" | "working_days";
            };
            /** @default true */
            active: boolean;
        };
        District: {
            name: string;
            active: boolean;
        };
        WorkingCalendar: {
            timeZone: string;
            weekly: {
                mon: string[][];
                tue: string[][];
                wed: string[][];
                thu: string[][];
                fri: string[][];
                sat: string[][];
                sun: string[][];
            };
            holidays: string[];
            extraWorkingDays: string[];
            martialLaw: boolean;
        };
        DeliveriesPage: {
            items: {
                id: string;
                eventId: string;
                eventType: string;
                requestNumber?: string;
                memoId?: string;
                /** @enum {string} */
                role: "executor" | "applicant" | "manager" | "ict" | "operator" | "admin";
                /** @enum {string} */
                channel: "email" | "sms";
                recipient: string;
                /** @enum {string} */
                template: "executor.new_request" | "executor.acceptance_reminder" | "executor.reassigned" | "executor.decision" | "executor.rework" | "executor.deadline_reminder" | "executor.overdue" | "applicant.registered" | "applicant.closed" | "applicant.rework" | "applicant.confirmation_requested" | "executor.repeated" | "manager.extension_to_sign_off" | "manager.extension_reminder" | "operator.closure_reviewable" | "manager.memo_to_approve" | "ict.number_to_block" | "manager.memo_reminder" | "ict.block_reminder" | "manager.block_overdue" | "executor.repair_work_overdue" | "executor.repair_work_reminder" | "executor.linked_work_closed" | "applicant.consultation_answered" | "applicant.consultation_converted" | "operator.consultation_reply_due" | "operator.consultation_overdue" | "applicant.session_booked" | "applicant.session_reminder" | "staff.awaiting_reminder" | "staff.awaiting_escalated" | "executor.planned_works_due" | "executor.co_executor_task" | "executor.co_executor_added" | "executor.part_proposed";
                subject?: string;
                /** @enum {string} */
                status: "sending" | "sent" | "failed" | "parked" | "skipped";
                attempts: number;
                lastError?: string;
                providerMessageId?: string;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
                /** Format: date-time */
                sentAt?: string;
            }[];
            total: number;
            page: number;
            pageSize: number;
        };
        ParkedPage: {
            items: {
                id: string;
                consumer: string;
                streamSeq: number;
                subject: string;
                eventId?: string;
                eventType?: string;
                /** @enum {string} */
                reason: "malformed" | "rejected" | "retries_exhausted";
                error: string;
                deliveries: number;
                /** @enum {string} */
                status: "parked" | "redriven";
                /** Format: date-time */
                parkedAt: string;
                /** Format: date-time */
                redrivenAt?: string;
                redriveAttempts: number;
                lastRedriveError?: string;
                payload: string;
            }[];
            total: number;
            page: number;
            pageSize: number;
        };
        ParkedMessage: {
            id: string;
            consumer: string;
            streamSeq: number;
            subject: string;
            eventId?: string;
            eventType?: string;
            /** @enum {string} */
            reason: "malformed" | "rejected" | "retries_exhausted";
            error: string;
            deliveries: number;
            /** @enum {string} */
            status: "parked" | "redriven";
            /** Format: date-time */
            parkedAt: string;
            /** Format: date-time */
            redrivenAt?: string;
            redriveAttempts: number;
            lastRedriveError?: string;
            payload: string;
        };
        /** @description The repair-work card with its full history (8.1.7) and how many requests are linked to it. */
        RepairWork: {
            id: string;
            version: number;
            /** @enum {string} */
            kind: "planned" | "emergency";
            /** @enum {string} */
            status: "planned" | "in_progress" | "closed";
            executorId: string;
            executor: {
                id: string;
                name: string;
                /** Format: email */
                email?: string;
            };
            district: string;
            street: string;
            buildings: string[];
            categoryCodes: string[];
            title: string;
            description: string;
            /** Format: date-time */
            startsAt: string;
            /** Format: date-time */
            expectedEndAt: string;
            /** Format: date-time */
            actualEndAt?: string;
            closeNote?: string;
            overdue: boolean;
            /** Format: date-time */
            registeredAt: string;
            registeredBy: {
                id: string;
                role: string;
                name?: string;
                executorId?: string;
            };
            reportedBy?: string;
            closedBy?: {
                id: string;
                role: string;
                name?: string;
                executorId?: string;
            };
            reminders: number;
            history: {
                /** Format: date-time */
                at: string;
                actor: {
                    id: string;
                    role: string;
                    name?: string;
                    executorId?: string;
                };
                action: string;
                from?: string;
                to?: string;
                note?: string;
                changes?: {
                    [key: string]: {
                        from: unknown;
                        to: unknown;
                    };
                };
            }[];
            linkedRequests: number;
        };
        ActiveRepairWorks: {
            known: boolean;
            /** Format: date-time */
            at: string;
            works: components["schemas"]["PublicRepairWork"][];
        };
        /** @description A repair work as the public feed shows it (2.8). */
        PublicRepairWork: {
            id: string;
            /** @enum {string} */
            kind: "planned" | "emergency";
            /** @enum {string} */
            status: "planned" | "in_progress" | "closed";
            executor: {
                id: string;
                name: string;
                /** Format: email */
                email?: string;
            };
            district: string;
            street: string;
            buildings: string[];
            categoryCodes: string[];
            title: string;
            description: string;
            /** Format: date-time */
            startsAt: string;
            /** Format: date-time */
            expectedEndAt: string;
            /** Format: date-time */
            actualEndAt?: string;
            overdue: boolean;
        };
        BulkClosureProposal: {
            repairWorkId: string;
            proposed: number;
            refused: number;
            results: {
                number: string;
                ok: boolean;
                status?: string;
                error?: {
                    status: number;
                    code: string;
                    message: string;
                };
            }[];
        };
        NewsItem: {
            id: string;
            title: string;
            body: string;
            /** Format: date-time */
            publishFrom: string;
            /** Format: date-time */
            publishUntil?: string;
            /** Format: date-time */
            createdAt: string;
            author: {
                id: string;
                role: string;
                name?: string;
                executorId?: string;
            };
        };
        /** @description The consultation card with its thread, internal notes and history (staff). */
        Consultation: {
            number: string;
            version: number;
            /** @enum {string} */
            status: "awaiting_reply" | "answered" | "closed" | "converted";
            /** @enum {string} */
            channel: "phone" | "web";
            categoryCode: string;
            categoryName: string;
            term: {
                amount: number;
                /** @enum {string} */
                unit: "hours" | "working_hours" | "working_days";
            };
            applicant: {
                name: string;
                phone: string;
                /** Format: email */
                email?: string;
                userId?: string;
            };
            subject: string;
            /** Format: date-time */
            registeredAt: string;
            registeredBy: {
                id: string;
                role: string;
                name?: string;
            };
            replyDueAt: string | null;
            reminderAt: string | null;
            reminded: boolean;
            overdue: boolean;
            silenceCloseAt: string | null;
            messages: {
                /** Format: date-time */
                at: string;
                /** @enum {string} */
                from: "resident" | "staff";
                author: {
                    id: string;
                    role: string;
                    name?: string;
                };
                text: string;
            }[];
            internalNotes: {
                /** Format: date-time */
                at: string;
                author: {
                    id: string;
                    role: string;
                    name?: string;
                };
                text: string;
            }[];
            /** Format: date-time */
            closedAt?: string;
            /** @enum {string} */
            closeReason?: "answered" | "silence";
            rating?: {
                score: number;
                comment?: string;
                /** Format: date-time */
                at: string;
            };
            convertedTo?: {
                number: string;
                categoryCode: string;
                executorId: string;
                /** Format: date-time */
                at: string;
                by: {
                    id: string;
                    role: string;
                    name?: string;
                };
            };
            history: {
                /** Format: date-time */
                at: string;
                actor: {
                    id: string;
                    role: string;
                    name?: string;
                };
                action: string;
                from?: string;
                to?: string;
                note?: string;
            }[];
        };
        /** @description The consultation as its resident sees it: the thread, never an internal note. */
        ResidentConsultation: {
            number: string;
            version: number;
            /** @enum {string} */
            status: "awaiting_reply" | "answered" | "closed" | "converted";
            /** @enum {string} */
            channel: "phone" | "web";
            categoryCode: string;
            categoryName: string;
            term: {
                amount: number;
                /** @enum {string} */
                unit: "hours" | "working_hours" | "working_days";
            };
            applicant: {
                name: string;
                phone: string;
                /** Format: email */
                email?: string;
                userId?: string;
            };
            subject: string;
            /** Format: date-time */
            registeredAt: string;
            registeredBy: {
                id: string;
                role: string;
                name?: string;
            };
            replyDueAt: string | null;
            reminderAt: string | null;
            reminded: boolean;
            overdue: boolean;
            silenceCloseAt: string | null;
            messages: {
                /** Format: date-time */
                at: string;
                /** @enum {string} */
                from: "resident" | "staff";
                author: {
                    id: string;
                    role: string;
                    name?: string;
                };
                text: string;
            }[];
            /** Format: date-time */
            closedAt?: string;
            /** @enum {string} */
            closeReason?: "answered" | "silence";
            rating?: {
                score: number;
                comment?: string;
                /** Format: date-time */
                at: string;
            };
            convertedTo?: {
                number: string;
                categoryCode: string;
                executorId: string;
                /** Format: date-time */
                at: string;
                by: {
                    id: string;
                    role: string;
                    name?: string;
                };
            };
            history: {
                /** Format: date-time */
                at: string;
                actor: {
                    id: string;
                    role: string;
                    name?: string;
                };
                action: string;
                from?: string;
                to?: string;
                note?: string;
            }[];
        };
        /** @description The consultation as an analyst reads it: the applicant as a pseudonym, no internal notes. */
        AnalystConsultation: {
            number: string;
            version: number;
            /** @enum {string} */
            status: "awaiting_reply" | "answered" | "closed" | "converted";
            /** @enum {string} */
            channel: "phone" | "web";
            categoryCode: string;
            categoryName: string;
            term: {
                amount: number;
                /** @enum {string} */
                unit: "hours" | "working_hours" | "working_days";
            };
            subject: string;
            /** Format: date-time */
            registeredAt: string;
            registeredBy: {
                id: string;
                role: string;
                name?: string;
            };
            replyDueAt: string | null;
            reminderAt: string | null;
            reminded: boolean;
            overdue: boolean;
            silenceCloseAt: string | null;
            messages: {
                /** Format: date-time */
                at: string;
                /** @enum {string} */
                from: "resident" | "staff";
                author: {
                    id: string;
                    role: string;
                    name?: string;
                };
                text: string;
            }[];
            /** Format: date-time */
            closedAt?: string;
            /** @enum {string} */
            closeReason?: "answered" | "silence";
            rating?: {
                score: number;
                comment?: string;
                /** Format: date-time */
                at: string;
            };
            convertedTo?: {
                number: string;
                categoryCode: string;
                executorId: string;
                /** Format: date-time */
                at: string;
                by: {
                    id: string;
                    role: string;
                    name?: string;
                };
            };
            history: {
                /** Format: date-time */
                at: string;
                actor: {
                    id: string;
                    role: string;
                    name?: string;
                };
                action: string;
                from?: string;
                to?: string;
                note?: string;
            }[];
            applicant: components["schemas"]["PseudonymousApplicant"];
        };
        OpenConsultation: {
            number: string;
            version: number;
            /** @enum {string} */
            status: "awaiting_reply" | "answered" | "closed" | "converted";
            /** @enum {string} */
            channel: "phone" | "web";
            categoryCode: string;
            categoryName: string;
            term: {
                amount: number;
                /** @enum {string} */
                unit: "hours" | "working_hours" | "working_days";
            };
            applicant: {
                name: string;
                phone: string;
                /** Format: email */
                email?: string;
                userId?: string;
            };
            subject: string;
            /** Format: date-time */
            registeredAt: string;
            registeredBy: {
                id: string;
                role: string;
                name?: string;
            };
            replyDueAt: string | null;
            reminderAt: string | null;
            reminded: boolean;
            overdue: boolean;
            silenceCloseAt: string | null;
            /** Format: date-time */
            closedAt?: string;
            /** @enum {string} */
            closeReason?: "answered" | "silence";
            rating?: {
                score: number;
                comment?: string;
                /** Format: date-time */
                at: string;
            };
            convertedTo?: {
                number: string;
                categoryCode: string;
                executorId: string;
                /** Format: date-time */
                at: string;
                by: {
                    id: string;
                    role: string;
                    name?: string;
                };
            };
        };
        AnalystOpenConsultation: {
            number: string;
            version: number;
            /** @enum {string} */
            status: "awaiting_reply" | "answered" | "closed" | "converted";
            /** @enum {string} */
            channel: "phone" | "web";
            categoryCode: string;
            categoryName: string;
            term: {
                amount: number;
                /** @enum {string} */
                unit: "hours" | "working_hours" | "working_days";
            };
            subject: string;
            /** Format: date-time */
            registeredAt: string;
            registeredBy: {
                id: string;
                role: string;
                name?: string;
            };
            replyDueAt: string | null;
            reminderAt: string | null;
            reminded: boolean;
            overdue: boolean;
            silenceCloseAt: string | null;
            /** Format: date-time */
            closedAt?: string;
            /** @enum {string} */
            closeReason?: "answered" | "silence";
            rating?: {
                score: number;
                comment?: string;
                /** Format: date-time */
                at: string;
            };
            convertedTo?: {
                number: string;
                categoryCode: string;
                executorId: string;
                /** Format: date-time */
                at: string;
                by: {
                    id: string;
                    role: string;
                    name?: string;
                };
            };
            applicant: components["schemas"]["PseudonymousApplicant"];
        };
        /** @description The session with each slot's bookings: the booker's name, phone and email (operators and managers). */
        ConsultationSession: {
            id: string;
            version: number;
            /** @enum {string} */
            status: "published" | "completed";
            topic: string;
            expert: string;
            description: string;
            slots: {
                id: string;
                /** Format: date-time */
                startsAt: string;
                /** Format: date-time */
                endsAt: string;
                capacity: number;
                bookings: {
                    userId: string;
                    name: string;
                    phone?: string;
                    /** Format: email */
                    email?: string;
                    /** Format: date-time */
                    bookedAt: string;
                    /** Format: date-time */
                    remindedAt?: string;
                }[];
                held?: {
                    /** Format: date-time */
                    at: string;
                    by: {
                        id: string;
                        role: string;
                        name?: string;
                    };
                    note: string;
                    attended?: number;
                };
            }[];
            /** Format: date-time */
            publishedAt: string;
            publishedBy: {
                id: string;
                role: string;
                name?: string;
            };
            history: {
                /** Format: date-time */
                at: string;
                actor: {
                    id: string;
                    role: string;
                    name?: string;
                };
                action: string;
                from?: string;
                to?: string;
                note?: string;
            }[];
        };
        /** @description The session as a resident sees it: free places and whether they booked, never who else did. */
        ResidentConsultationSession: {
            id: string;
            version: number;
            /** @enum {string} */
            status: "published" | "completed";
            topic: string;
            expert: string;
            description: string;
            /** Format: date-time */
            publishedAt: string;
            slots: {
                id: string;
                /** Format: date-time */
                startsAt: string;
                /** Format: date-time */
                endsAt: string;
                capacity: number;
                free: number;
                bookedByMe: boolean;
                held: boolean;
            }[];
        };
        RequestExport: {
            from: string;
            to: string;
            filters: {
                [key: string]: unknown;
            };
            rows: {
                number: string;
                registeredAt: string;
                /** @enum {string} */
                channel: "phone" | "web";
                categoryCode: string;
                categoryName: string;
                district: string;
                executorId: string;
                executorName: string;
                status: string;
                deadlineAt: string | null;
                overdue: boolean;
                everOverdue: boolean;
                acceptedAt: string | null;
                closedAt: string | null;
                rating: number | null;
                repeatOf: string | null;
                decisionHours: number;
            }[];
        };
        Report: {
            report: string;
            clause: string;
            period: {
                kind: string;
                id: string;
                from: string;
                to: string;
            };
            filters: {
                [key: string]: unknown;
            };
            generatedAt: string;
            data: unknown;
        };
        SpotCheckList: {
            day: string;
            /** @description The previous working day: the first day whose closures the sample covers. */
            closedOn: string | null;
            /** @description Every day whose closures it covers: the previous working day and the days off after it; empty on a day off, when nothing is drawn. */
            closedDays: string[];
            seed: string | null;
            share: number;
            minPerExecutor: number;
            items: {
                number: string;
                executorId: string;
                categoryCode: string;
                district: string;
                closedAt: string;
            }[];
        };
        /** @description What anyone who knows the number and the phone it was filed under may see: no names, no address, no comments. */
        PublicRequestStatus: {
            number: string;
            /** @enum {string} */
            status: "in_progress" | "executor_change_requested" | "additional_control_requested" | "strategic_plan_requested" | "strategic_plan" | "closure_proposed" | "rework" | "closed" | "rating_disputed";
            categoryCode: string;
            categoryName?: string;
            district: string;
            /** Format: date-time */
            registeredAt: string;
            deadlineAt: string | null;
            overdue: boolean;
            /** Format: date-time */
            closedAt?: string;
            executorName: string;
        };
        UiConfig: {
            temporalUiUrl?: string;
            temporalNamespace: string;
        };
        /** @description Temporal payloads in protobuf JSON: metadata values and data in base64. */
        CodecPayloadsOutput: {
            /** @default [] */
            payloads: {
                metadata?: {
                    [key: string]: string;
                };
                data?: string;
            }[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    "auth.login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    login: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Signed in */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong login or password */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many attempts from this address or for this login or phone, or too_soon; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description busy: too many sign-ins are being checked at once; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "auth.register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    phone: string;
                    password: string;
                    name: string;
                    /** Format: email */
                    email?: string;
                };
            };
        };
        responses: {
            /** @description An attempt was started and its code sent (or, for a registered number, a notice) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegistrationStarted"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many attempts from this address or for this login or phone, or too_soon; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The SMS could not be sent now */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "auth.register.confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    phone: string;
                    /** @description The sign-up attempt this code was sent for, as `POST /auth/register` answered it. */
                    attemptId: string;
                    code: string;
                };
            };
        };
        responses: {
            /** @description Registered and signed in */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong, expired or no code for this attempt */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many wrong guesses (ask for a new code), or rate_limited; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "auth.phoneVerification.send": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sent */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhoneCodeSent"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Already confirmed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description too_soon (a code was just sent) or rate_limited (a limit of the day or of the window); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The SMS could not be sent now */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "auth.phoneVerification.confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code: string;
                };
            };
        };
        responses: {
            /** @description Confirmed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong, expired or no code */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many wrong guesses (ask for a new code), or rate_limited; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "auth.me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user behind the token */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "requests.list": {
        parameters: {
            query?: {
                /** @description One status or several, comma-separated: in_progress, executor_change_requested, additional_control_requested, strategic_plan_requested, strategic_plan, closure_proposed, rework, closed, rating_disputed */
                status?: string;
                executorId?: string;
                district?: string;
                /** @description Classifier category code */
                category?: string;
                overdue?: "true" | "false";
                /** @description Registered at or after (a date in Kyiv time, or an instant). A list that may include closed requests covers a period: by default the 31 days before `to`, at most 92 days (a full request number in `q` finds it whatever the period). The queues (open statuses only) and an applicant's own list are not limited. */
                from?: string;
                /** @description Registered up to (a date counts whole) or before an instant */
                to?: string;
                /** @description Text in the number, description, street, applicant name or phone */
                q?: string;
                sort?: "deadlineAt" | "-deadlineAt" | "registeredAt" | "-registeredAt";
                /** @description Page number, from 1. */
                page?: number;
                /** @description Items per page (at most 100). */
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of request cards */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["RequestCard"][];
                        total: number;
                        page: number;
                        pageSize: number;
                    };
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "requests.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string up to 200 characters, new for each intended call; a retry sends the same one */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewRequest"];
            };
        };
        responses: {
            /** @description Registered */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Registered"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description phone_blocked: the number is blocked under 5.7; phone_unconfirmed: an applicant whose phone is not confirmed by SMS code */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown or inactive category, unknown attachment, wrong channel */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: the applicant's requests of the day (REQUESTS_PER_APPLICANT_PER_DAY); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Intake, MongoDB, NATS or Temporal out of reach, or the reference data not loaded yet (Retry-After): retry with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "requests.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Request number, e.g. KR-2026-000123 */
                number: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The card with comments and full history */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestCard"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "requests.accept": {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string up to 200 characters, new for each intended call; a retry sends the same one */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Request number, e.g. KR-2026-000123 */
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description The card after the action */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestCard"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not yours, or not your role */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong status, or not reviewable yet */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A rule of the Regulation refused it; limit_reached when the request holds as much as one may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description MongoDB, NATS or Temporal out of reach, or no answer within ACTION_TIMEOUT_MS (Retry-After): retry with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "requests.comment": {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string up to 200 characters, new for each intended call; a retry sends the same one */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Request number, e.g. KR-2026-000123 */
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    text: string;
                    /** @default false */
                    public?: boolean;
                };
            };
        };
        responses: {
            /** @description The card after the action */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestCard"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not yours, or not your role */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong status, or not reviewable yet */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A rule of the Regulation refused it; limit_reached when the request holds as much as one may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description MongoDB, NATS or Temporal out of reach, or no answer within ACTION_TIMEOUT_MS (Retry-After): retry with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "requests.executorChange": {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string up to 200 characters, new for each intended call; a retry sends the same one */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Request number, e.g. KR-2026-000123 */
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The card after the action */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestCard"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not yours, or not your role */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong status, or not reviewable yet */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A rule of the Regulation refused it; limit_reached when the request holds as much as one may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description MongoDB, NATS or Temporal out of reach, or no answer within ACTION_TIMEOUT_MS (Retry-After): retry with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "requests.executorChangeDecision": {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string up to 200 characters, new for each intended call; a retry sends the same one */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Request number, e.g. KR-2026-000123 */
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    approve: boolean;
                    executorId?: string;
                    /** @default  */
                    note?: string;
                };
            };
        };
        responses: {
            /** @description The card after the action */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestCard"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not yours, or not your role */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong status, or not reviewable yet */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A rule of the Regulation refused it; limit_reached when the request holds as much as one may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description MongoDB, NATS or Temporal out of reach, or no answer within ACTION_TIMEOUT_MS (Retry-After): retry with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "requests.additionalControl": {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string up to 200 characters, new for each intended call; a retry sends the same one */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Request number, e.g. KR-2026-000123 */
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                    /** Format: date-time */
                    proposedDeadline: string;
                    attachmentIds: string[];
                    /** @description 8.2.2: required exactly when the card's extensionNeedsManager is true: an extension after a missed additional-control term, which also needs the manager's sign-off. */
                    responsiblePerson?: string;
                };
            };
        };
        responses: {
            /** @description The card after the action */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestCard"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not yours, or not your role */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong status, or not reviewable yet */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A rule of the Regulation refused it; limit_reached when the request holds as much as one may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description MongoDB, NATS or Temporal out of reach, or no answer within ACTION_TIMEOUT_MS (Retry-After): retry with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "requests.additionalControlDecision": {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string up to 200 characters, new for each intended call; a retry sends the same one */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Request number, e.g. KR-2026-000123 */
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    approve: boolean;
                    /** Format: date-time */
                    deadline?: string;
                    /** @default  */
                    note?: string;
                };
            };
        };
        responses: {
            /** @description The card after the action */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestCard"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not yours, or not your role */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong status, or not reviewable yet */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A rule of the Regulation refused it; limit_reached when the request holds as much as one may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description MongoDB, NATS or Temporal out of reach, or no answer within ACTION_TIMEOUT_MS (Retry-After): retry with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "requests.managerApproval": {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string up to 200 characters, new for each intended call; a retry sends the same one */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Request number, e.g. KR-2026-000123 */
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    approve: boolean;
                    /** @default  */
                    note?: string;
                };
            };
        };
        responses: {
            /** @description The card after the action */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestCard"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not yours, or not your role */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong status, or not reviewable yet */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A rule of the Regulation refused it; limit_reached when the request holds as much as one may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description MongoDB, NATS or Temporal out of reach, or no answer within ACTION_TIMEOUT_MS (Retry-After): retry with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "requests.strategicPlan": {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string up to 200 characters, new for each intended call; a retry sends the same one */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Request number, e.g. KR-2026-000123 */
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                    attachmentIds: string[];
                };
            };
        };
        responses: {
            /** @description The card after the action */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestCard"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not yours, or not your role */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong status, or not reviewable yet */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A rule of the Regulation refused it; limit_reached when the request holds as much as one may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description MongoDB, NATS or Temporal out of reach, or no answer within ACTION_TIMEOUT_MS (Retry-After): retry with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "requests.strategicPlanDecision": {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string up to 200 characters, new for each intended call; a retry sends the same one */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Request number, e.g. KR-2026-000123 */
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    approve: boolean;
                    planYear?: number;
                    plannedDate?: string;
                    /** @default  */
                    note?: string;
                };
            };
        };
        responses: {
            /** @description The card after the action */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestCard"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not yours, or not your role */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong status, or not reviewable yet */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A rule of the Regulation refused it; limit_reached when the request holds as much as one may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description MongoDB, NATS or Temporal out of reach, or no answer within ACTION_TIMEOUT_MS (Retry-After): retry with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "requests.closureProposal": {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string up to 200 characters, new for each intended call; a retry sends the same one */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Request number, e.g. KR-2026-000123 */
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    result: string;
                    unit: string;
                    enterprise: string;
                    executorSurname: string;
                    executorPhone: string;
                    /** @description 7.5 «Дата складення інформації» (YYYY-MM-DD): not before the registration date, not in the future. */
                    date: string;
                    /** @enum {string} */
                    applicantInformedVia: "email" | "landline" | "mobile" | "sms" | "messenger" | "in_person" | "letter";
                };
            };
        };
        responses: {
            /** @description The card after the action */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestCard"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not yours, or not your role */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong status, or not reviewable yet */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A rule of the Regulation refused it; limit_reached when the request holds as much as one may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description MongoDB, NATS or Temporal out of reach, or no answer within ACTION_TIMEOUT_MS (Retry-After): retry with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "requests.review": {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string up to 200 characters, new for each intended call; a retry sends the same one */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Request number, e.g. KR-2026-000123 */
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    decision: "approve" | "rework";
                    /** @default  */
                    note?: string;
                };
            };
        };
        responses: {
            /** @description The card after the action */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestCard"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not yours, or not your role */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong status, or not reviewable yet */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A rule of the Regulation refused it; limit_reached when the request holds as much as one may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description MongoDB, NATS or Temporal out of reach, or no answer within ACTION_TIMEOUT_MS (Retry-After): retry with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "requests.spotCheck": {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string up to 200 characters, new for each intended call; a retry sends the same one */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Request number, e.g. KR-2026-000123 */
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    confirmed: boolean;
                    /** @default  */
                    note?: string;
                };
            };
        };
        responses: {
            /** @description The card after the action */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestCard"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not yours, or not your role */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong status, or not reviewable yet */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A rule of the Regulation refused it; limit_reached when the request holds as much as one may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description MongoDB, NATS or Temporal out of reach, or no answer within ACTION_TIMEOUT_MS (Retry-After): retry with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "requests.rating": {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string up to 200 characters, new for each intended call; a retry sends the same one */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Request number, e.g. KR-2026-000123 */
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    score: number;
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description The card after the action */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestCard"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not yours, or not your role */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong status, or not reviewable yet */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A rule of the Regulation refused it; limit_reached when the request holds as much as one may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description MongoDB, NATS or Temporal out of reach, or no answer within ACTION_TIMEOUT_MS (Retry-After): retry with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "requests.ratingVerification": {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string up to 200 characters, new for each intended call; a retry sends the same one */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Request number, e.g. KR-2026-000123 */
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    upheld: boolean;
                    /** @default  */
                    note?: string;
                };
            };
        };
        responses: {
            /** @description The card after the action */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestCard"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not yours, or not your role */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong status, or not reviewable yet */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A rule of the Regulation refused it; limit_reached when the request holds as much as one may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description MongoDB, NATS or Temporal out of reach, or no answer within ACTION_TIMEOUT_MS (Retry-After): retry with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "requests.inspection": {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string up to 200 characters, new for each intended call; a retry sends the same one */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Request number, e.g. KR-2026-000123 */
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: date-time */
                    scheduledAt: string;
                    /** @default  */
                    note?: string;
                };
            };
        };
        responses: {
            /** @description The card after the action */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestCard"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not yours, or not your role */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong status, or not reviewable yet */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A rule of the Regulation refused it; limit_reached when the request holds as much as one may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description MongoDB, NATS or Temporal out of reach, or no answer within ACTION_TIMEOUT_MS (Retry-After): retry with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "requests.inspectionOutcome": {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string up to 200 characters, new for each intended call; a retry sends the same one */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Request number, e.g. KR-2026-000123 */
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    inspection?: number;
                    /** Format: date-time */
                    heldAt: string;
                    findings: string;
                    workDone: boolean;
                };
            };
        };
        responses: {
            /** @description The card after the action */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestCard"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not yours, or not your role */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong status, or not reviewable yet */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A rule of the Regulation refused it; limit_reached when the request holds as much as one may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description MongoDB, NATS or Temporal out of reach, or no answer within ACTION_TIMEOUT_MS (Retry-After): retry with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "requests.coExecutors": {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string up to 200 characters, new for each intended call; a retry sends the same one */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Request number, e.g. KR-2026-000123 */
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    executorId: string;
                    task: string;
                };
            };
        };
        responses: {
            /** @description The card after the action */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestCard"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not yours, or not your role */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong status, or not reviewable yet */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A rule of the Regulation refused it; limit_reached when the request holds as much as one may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description MongoDB, NATS or Temporal out of reach, or no answer within ACTION_TIMEOUT_MS (Retry-After): retry with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "requests.part": {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string up to 200 characters, new for each intended call; a retry sends the same one */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Request number, e.g. KR-2026-000123 */
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    result: string;
                    date: string;
                };
            };
        };
        responses: {
            /** @description The card after the action */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestCard"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not yours, or not your role */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong status, or not reviewable yet */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A rule of the Regulation refused it; limit_reached when the request holds as much as one may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description MongoDB, NATS or Temporal out of reach, or no answer within ACTION_TIMEOUT_MS (Retry-After): retry with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "requests.confirmation": {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string up to 200 characters, new for each intended call; a retry sends the same one */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Request number, e.g. KR-2026-000123 */
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    confirmed: boolean;
                    /** @default  */
                    note?: string;
                    /**
                     * @description 9.2.3: how the applicant's word came. The applicant answers in the cabinet (cabinet, or none); a worker records only the applicant's call: phone_call.
                     * @enum {string}
                     */
                    channel?: "cabinet" | "phone_call" | "telegram";
                    /**
                     * Format: date-time
                     * @description 9.2.3: when the applicant called (a recorded call); not in the future.
                     */
                    callAt?: string;
                };
            };
        };
        responses: {
            /** @description The card after the action */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestCard"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not yours, or not your role */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong status, or not reviewable yet */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A rule of the Regulation refused it; limit_reached when the request holds as much as one may */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description MongoDB, NATS or Temporal out of reach, or no answer within ACTION_TIMEOUT_MS (Retry-After): retry with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "attachments.upload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description The file
                     */
                    file: string;
                };
            };
        };
        responses: {
            /** @description Stored */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Attachment"];
                };
            };
            /** @description invalid_upload: a malformed multipart body or a Content-Type without its boundary (details name the field); invalid_input: no file in the field "file" */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description too_large: the file, or the declared Content-Length, is over MAX_UPLOAD_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unsupported_media_type: not multipart/form-data; unsupported_type: not a photo or PDF */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: the uploader's uploads of the day (details.limit uploads.account or uploads.staff); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "attachments.download": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file, as the type its first bytes showed at upload */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/jpeg": string;
                    "image/png": string;
                    "image/webp": string;
                    "application/pdf": string;
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such attachment */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "refusals.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    phone: string;
                    /**
                     * @description The 5.7 ground: obscene language, insults, degrading workers, incitement to hatred, calls to overthrow the constitutional order
                     * @enum {string}
                     */
                    reason: "obscene_language" | "insults" | "degrading_workers" | "incitement_to_hatred" | "calls_to_overthrow";
                    /** @description The memo (доповідна записка) */
                    text: string;
                };
            };
        };
        responses: {
            /** @description The memo, waiting for a manager */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        memoId: string;
                        /** @enum {string} */
                        status: "pending_approval" | "approved" | "rejected" | "blocked" | "unblocked";
                        memo: components["schemas"]["Memo"];
                    };
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "memos.list": {
        parameters: {
            query?: {
                status?: "pending_approval" | "approved" | "rejected" | "blocked" | "unblocked";
                phone?: string;
                /** @description Page number, from 1. */
                page?: number;
                /** @description Items per page (at most 100). */
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Memo"][];
                        total: number;
                        page: number;
                        pageSize: number;
                    };
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "memos.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The memo with its history */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Memo"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such memo */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "memos.approval": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    approve: boolean;
                    /** @default  */
                    note?: string;
                };
            };
        };
        responses: {
            /** @description The decided memo */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Memo"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such memo */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Already decided */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "memos.block": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description The memo, status blocked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Memo"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such memo */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The memo is not approved (or already blocked) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "blockedNumbers.list": {
        parameters: {
            query?: {
                phone?: string;
                /** @description Also the numbers unblocked since (the audit trail) */
                includeUnblocked?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Blocked numbers, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BlockedNumber"][];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "blockedNumbers.delete": {
        parameters: {
            query?: {
                reason?: string;
            };
            header?: never;
            path: {
                phone: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description The memos that blocked it, now unblocked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Memo"][];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The number is not blocked */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "users.list": {
        parameters: {
            query?: {
                role?: "operator" | "executor" | "manager" | "ict" | "analyst" | "admin" | "applicant";
                executorId?: string;
                /** @description Page number, from 1. */
                page?: number;
                /** @description Items per page (at most 100). */
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of users */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["User"][];
                        total: number;
                        page: number;
                        pageSize: number;
                    };
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "users.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    login: string;
                    password: string;
                    /** @enum {string} */
                    role: "operator" | "executor" | "manager" | "ict" | "analyst" | "admin" | "applicant";
                    name: string;
                    executorId?: string;
                    phone?: string;
                    /** Format: email */
                    email?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The login is taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown executor */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "users.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such user */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "users.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /** @enum {string} */
                    role?: "operator" | "executor" | "manager" | "ict" | "analyst" | "admin" | "applicant";
                    executorId?: string | null;
                    phone?: string;
                    /** Format: email */
                    email?: string;
                    active?: boolean;
                    password?: string;
                };
            };
        };
        responses: {
            /** @description The changed user */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such user */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `own_admin_rights`: an admin may not deactivate or demote their own account (so nobody locks themselves out by mistake); `last_admin`: the change would leave no active admin. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "executors.list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every executor with its responsible person (8.1.1) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Executor"][];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "executors.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    id: string;
                    name: string;
                    /** Format: email */
                    email: string;
                    phone?: string;
                    responsiblePerson: {
                        name: string;
                        phone: string;
                        /** Format: email */
                        email: string;
                    };
                    /** @default true */
                    active?: boolean;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Executor"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The id is taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "executors.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The executor */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Executor"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such executor */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "executors.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /** Format: email */
                    email?: string;
                    phone?: string;
                    responsiblePerson?: {
                        name: string;
                        phone: string;
                        /** Format: email */
                        email: string;
                    };
                    /** @default true */
                    active?: boolean;
                };
            };
        };
        responses: {
            /** @description The changed executor */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Executor"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such executor */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "classifier.list": {
        parameters: {
            query?: {
                includeInactive?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Categories by code */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Category"][];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "classifier.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code: string;
                    name: string;
                    executorId: string;
                    term: {
                        amount: number;
                        /** @enum {string} */
                        unit: "hours" | "working_hours" | "working_days";
                    };
                    reworkTerm: {
                        amount: number;
                        /** @enum {string} */
                        unit: "hours" | "working_hours" | "working_days";
                    };
                    /** @default true */
                    active?: boolean;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Category"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The code exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown executor */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "classifier.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    executorId: string;
                    term: {
                        amount: number;
                        /** @enum {string} */
                        unit: "hours" | "working_hours" | "working_days";
                    };
                    reworkTerm: {
                        amount: number;
                        /** @enum {string} */
                        unit: "hours" | "working_hours" | "working_days";
                    };
                    /** @default true */
                    active?: boolean;
                };
            };
        };
        responses: {
            /** @description The changed category */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Category"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such category */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "districts.list": {
        parameters: {
            query?: {
                includeInactive?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Districts in alphabetical order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["District"][];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "districts.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @default true */
                    active?: boolean;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["District"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The district exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "districts.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    active: boolean;
                };
            };
        };
        responses: {
            /** @description The changed district */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["District"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such district */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "calendar.get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The calendar deadlines are computed with */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkingCalendar"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "calendar.put": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    timeZone: string;
                    weekly: {
                        mon: string[][];
                        tue: string[][];
                        wed: string[][];
                        thu: string[][];
                        fri: string[][];
                        sat: string[][];
                        sun: string[][];
                    };
                    holidays: string[];
                    extraWorkingDays: string[];
                    martialLaw: boolean;
                };
            };
        };
        responses: {
            /** @description The stored calendar */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkingCalendar"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "notifications.deliveries": {
        parameters: {
            query?: {
                requestNumber?: string;
                memoId?: string;
                eventId?: string;
                recipient?: string;
                status?: "sending" | "sent" | "failed" | "parked" | "skipped";
                template?: "executor.new_request" | "executor.acceptance_reminder" | "executor.reassigned" | "executor.decision" | "executor.rework" | "executor.deadline_reminder" | "executor.overdue" | "applicant.registered" | "applicant.closed" | "applicant.rework" | "applicant.confirmation_requested" | "executor.repeated" | "manager.extension_to_sign_off" | "manager.extension_reminder" | "operator.closure_reviewable" | "manager.memo_to_approve" | "ict.number_to_block" | "manager.memo_reminder" | "ict.block_reminder" | "manager.block_overdue" | "executor.repair_work_overdue" | "executor.repair_work_reminder" | "executor.linked_work_closed" | "applicant.consultation_answered" | "applicant.consultation_converted" | "operator.consultation_reply_due" | "operator.consultation_overdue" | "applicant.session_booked" | "applicant.session_reminder" | "staff.awaiting_reminder" | "staff.awaiting_escalated" | "executor.planned_works_due" | "executor.co_executor_task" | "executor.co_executor_added" | "executor.part_proposed";
                channel?: "email" | "sms";
                from?: string;
                to?: string;
                page?: number;
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of deliveries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveriesPage"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "notifications.parked": {
        parameters: {
            query?: {
                status?: "parked" | "redriven";
                eventId?: string;
                page?: number;
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of parked messages */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ParkedPage"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "notifications.redrive": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description The parked message after the attempt */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ParkedMessage"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such parked message */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "repairWorks.list": {
        parameters: {
            query?: {
                district?: string;
                street?: string;
                building?: string;
                kind?: "planned" | "emergency";
                /** @description Only works going on at this instant (started, not yet closed) */
                activeAt?: string;
                status?: "planned" | "in_progress" | "closed";
                executorId?: string;
                overdue?: "true" | "false";
                /** @description Page number, from 1. */
                page?: number;
                /** @description Items per page (at most 100). */
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of repair-work cards */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            version: number;
                            /** @enum {string} */
                            kind: "planned" | "emergency";
                            /** @enum {string} */
                            status: "planned" | "in_progress" | "closed";
                            executorId: string;
                            executor: {
                                id: string;
                                name: string;
                                /** Format: email */
                                email?: string;
                            };
                            district: string;
                            street: string;
                            buildings: string[];
                            categoryCodes: string[];
                            title: string;
                            description: string;
                            /** Format: date-time */
                            startsAt: string;
                            /** Format: date-time */
                            expectedEndAt: string;
                            /** Format: date-time */
                            actualEndAt?: string;
                            closeNote?: string;
                            overdue: boolean;
                            /** Format: date-time */
                            registeredAt: string;
                            registeredBy: {
                                id: string;
                                role: string;
                                name?: string;
                                executorId?: string;
                            };
                            reportedBy?: string;
                            closedBy?: {
                                id: string;
                                role: string;
                                name?: string;
                                executorId?: string;
                            };
                            reminders: number;
                            history: {
                                /** Format: date-time */
                                at: string;
                                actor: {
                                    id: string;
                                    role: string;
                                    name?: string;
                                    executorId?: string;
                                };
                                action: string;
                                from?: string;
                                to?: string;
                                note?: string;
                                changes?: {
                                    [key: string]: {
                                        from: unknown;
                                        to: unknown;
                                    };
                                };
                            }[];
                            linkedRequests: number;
                        }[];
                        total: number;
                        page: number;
                        pageSize: number;
                    };
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "repairWorks.create": {
        parameters: {
            query?: never;
            header?: {
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewRepairWork"];
            };
        };
        responses: {
            /** @description Registered: the card, planned or already in progress (a replay of the same Idempotency-Key: the same work, header Idempotent-Replayed: true) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RepairWork"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Another executor's organisation */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description 8.1.6.1 / 8.1.6.2, unknown executor, district or category; an executor naming another executor's categories (foreign_category, field body.categoryCodes, the foreign codes in the message) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The repair-works service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "repairWorks.active": {
        parameters: {
            query: {
                district: string;
                street: string;
                building?: string;
                /** @description Classifier category code of the call */
                category?: string;
                /** @description An instant other than now */
                at?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Whether an outage is known, and the works */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActiveRepairWorks"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "repairWorks.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Repair work id, e.g. RW-20261129-7K3Q9Z */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The card with its history and the number of linked requests */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RepairWork"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such work */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "repairWorks.linked": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Repair work id, e.g. RW-20261129-7K3Q9Z */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The linked requests with their status and executor */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            number: string;
                            status: string;
                            executorId: string;
                            executorName?: string;
                            executorEmail?: string;
                        }[];
                    };
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such work */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "repairWorks.close": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Repair work id, e.g. RW-20261129-7K3Q9Z */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: date-time */
                    actualEndAt: string;
                    note: string;
                };
            };
        };
        responses: {
            /** @description The closed card */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RepairWork"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such work */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Already closed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An actual end in the future or before the start */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "repairWorks.extend": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Repair work id, e.g. RW-20261129-7K3Q9Z */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: date-time */
                    expectedEndAt: string;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The card */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RepairWork"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such work */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Closed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The new end is not in the future */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "repairWorks.addresses": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Repair work id, e.g. RW-20261129-7K3Q9Z */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    street?: string;
                    buildings: string[];
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The card */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RepairWork"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such work */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Closed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "repairWorks.closureProposals": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Repair work id, e.g. RW-20261129-7K3Q9Z */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BulkClosureProposalInput"];
            };
        };
        responses: {
            /** @description What each request answered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkClosureProposal"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such work */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The work is not closed yet */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rule_violation: 7.5 requires every field of the body; details.fields names each missing or invalid one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "public.repairWorks": {
        parameters: {
            query?: {
                district?: string;
                street?: string;
                building?: string;
                kind?: "planned" | "emergency";
                /** @description Only works going on at this instant (started, not yet closed) */
                activeAt?: string;
                /** @description Page number, from 1. */
                page?: number;
                /** @description Items per page (at most 100). */
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of works */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            /** @enum {string} */
                            kind: "planned" | "emergency";
                            /** @enum {string} */
                            status: "planned" | "in_progress" | "closed";
                            executor: {
                                id: string;
                                name: string;
                                /** Format: email */
                                email?: string;
                            };
                            district: string;
                            street: string;
                            buildings: string[];
                            categoryCodes: string[];
                            title: string;
                            description: string;
                            /** Format: date-time */
                            startsAt: string;
                            /** Format: date-time */
                            expectedEndAt: string;
                            /** Format: date-time */
                            actualEndAt?: string;
                            overdue: boolean;
                        }[];
                        total: number;
                        page: number;
                        pageSize: number;
                    };
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "public.news": {
        parameters: {
            query?: {
                /** @description Page number, from 1. */
                page?: number;
                /** @description Items per page (at most 100). */
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of news items */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            title: string;
                            body: string;
                            /** Format: date-time */
                            publishFrom: string;
                            /** Format: date-time */
                            publishUntil?: string;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                        total: number;
                        page: number;
                        pageSize: number;
                    };
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "public.feed": {
        parameters: {
            query?: {
                district?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Atom 1.0 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/atom+xml": string;
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "news.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewNews"];
            };
        };
        responses: {
            /** @description Posted */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NewsItem"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "consultations.list": {
        parameters: {
            query?: {
                status?: "awaiting_reply" | "answered" | "closed" | "converted";
                overdue?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The consultations: the queue’s entries for workers, the resident’s own cards for a resident */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: (components["schemas"]["OpenConsultation"] | components["schemas"]["ResidentConsultation"] | components["schemas"]["AnalystOpenConsultation"])[];
                    };
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "consultations.create": {
        parameters: {
            query?: never;
            header?: {
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewConsultation"];
            };
        };
        responses: {
            /** @description Registered, waiting for a reply (a replay of the same Idempotency-Key: the same consultation, header Idempotent-Replayed: true) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Consultation"] | components["schemas"]["ResidentConsultation"] | components["schemas"]["AnalystConsultation"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description phone_blocked: the number is blocked under 5.7; phone_unconfirmed: a resident whose phone is not confirmed by SMS code */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not a consultation category, unknown or inactive category; phone_required: the cabinet has no phone; limit_reached: a text past its bound (4000 characters a message), or the consultation holds 60 messages (30 internal notes) already; details.fields names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: the resident's submissions of the day (REQUESTS_PER_APPLICANT_PER_DAY, web requests, questions and bookings together); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "consultations.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                number: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The card: staff see the internal notes, the resident only the thread */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Consultation"] | components["schemas"]["ResidentConsultation"] | components["schemas"]["AnalystConsultation"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such consultation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "consultations.reply": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description At most 4000 characters; a longer text is refused with 422 limit_reached naming the field */
                    text: string;
                };
            };
        };
        responses: {
            /** @description The card */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Consultation"] | components["schemas"]["ResidentConsultation"] | components["schemas"]["AnalystConsultation"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not a Contact Center worker */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such consultation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Closed or converted */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description limit_reached: a text past its bound (4000 characters a message), or the consultation holds 60 messages (30 internal notes) already; details.fields names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "consultations.message": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description At most 4000 characters; a longer text is refused with 422 limit_reached naming the field */
                    text: string;
                };
            };
        };
        responses: {
            /** @description The card */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Consultation"] | components["schemas"]["ResidentConsultation"] | components["schemas"]["AnalystConsultation"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not the resident’s consultation; phone_blocked: the resident’s number is blocked under 5.7 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such consultation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Closed or converted */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description limit_reached: a text past its bound (4000 characters a message), or the consultation holds 60 messages (30 internal notes) already; details.fields names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "consultations.note": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description At most 4000 characters; a longer text is refused with 422 limit_reached naming the field */
                    text: string;
                };
            };
        };
        responses: {
            /** @description The card */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Consultation"] | components["schemas"]["ResidentConsultation"] | components["schemas"]["AnalystConsultation"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not a Contact Center worker */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such consultation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Closed or converted */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description limit_reached: a text past its bound (4000 characters a message), or the consultation holds 60 messages (30 internal notes) already; details.fields names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "consultations.answered": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    rating?: {
                        score: number;
                        comment?: string;
                    };
                };
            };
        };
        responses: {
            /** @description The closed card */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResidentConsultation"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Nothing has that number */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not answered yet, or closed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "consultations.rating": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    score: number;
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description The card */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResidentConsultation"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Nothing has that number */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rated already */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "consultations.conversion": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConsultationConversion"];
            };
        };
        responses: {
            /** @description The converted consultation and the request */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        consultation: {
                            number: string;
                            version: number;
                            /** @enum {string} */
                            status: "awaiting_reply" | "answered" | "closed" | "converted";
                            /** @enum {string} */
                            channel: "phone" | "web";
                            categoryCode: string;
                            categoryName: string;
                            term: {
                                amount: number;
                                /** @enum {string} */
                                unit: "hours" | "working_hours" | "working_days";
                            };
                            applicant: {
                                name: string;
                                phone: string;
                                /** Format: email */
                                email?: string;
                                userId?: string;
                            };
                            subject: string;
                            /** Format: date-time */
                            registeredAt: string;
                            registeredBy: {
                                id: string;
                                role: string;
                                name?: string;
                            };
                            replyDueAt: string | null;
                            reminderAt: string | null;
                            reminded: boolean;
                            overdue: boolean;
                            silenceCloseAt: string | null;
                            messages: {
                                /** Format: date-time */
                                at: string;
                                /** @enum {string} */
                                from: "resident" | "staff";
                                author: {
                                    id: string;
                                    role: string;
                                    name?: string;
                                };
                                text: string;
                            }[];
                            internalNotes: {
                                /** Format: date-time */
                                at: string;
                                author: {
                                    id: string;
                                    role: string;
                                    name?: string;
                                };
                                text: string;
                            }[];
                            /** Format: date-time */
                            closedAt?: string;
                            /** @enum {string} */
                            closeReason?: "answered" | "silence";
                            rating?: {
                                score: number;
                                comment?: string;
                                /** Format: date-time */
                                at: string;
                            };
                            convertedTo?: {
                                number: string;
                                categoryCode: string;
                                executorId: string;
                                /** Format: date-time */
                                at: string;
                                by: {
                                    id: string;
                                    role: string;
                                    name?: string;
                                };
                            };
                            history: {
                                /** Format: date-time */
                                at: string;
                                actor: {
                                    id: string;
                                    role: string;
                                    name?: string;
                                };
                                action: string;
                                from?: string;
                                to?: string;
                                note?: string;
                            }[];
                        };
                        request: {
                            number: string;
                            status: string;
                            executorId: string;
                            deadlineAt: string | null;
                        };
                    };
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Nothing has that number */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Closed or converted already */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A consultation category, or what intake refuses */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "consultationSessions.list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sessions. Operators and managers get `ConsultationSession`: every booking with the name, phone and email of who booked; a resident gets `ResidentConsultationSession`: free places and their own bookings, nobody else’s. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: (components["schemas"]["ConsultationSession"] | components["schemas"]["ResidentConsultationSession"])[];
                    };
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "consultationSessions.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewConsultationSession"];
            };
        };
        responses: {
            /** @description Published */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationSession"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A slot in the past or ending before it starts */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "consultationSessions.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session. Operators and managers get `ConsultationSession`: every booking with the name, phone and email of who booked; a resident gets `ResidentConsultationSession`: free places and their own bookings, nobody else’s. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationSession"] | components["schemas"]["ResidentConsultationSession"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "consultationSessions.book": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    slotId: string;
                };
            };
        };
        responses: {
            /** @description Booked */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResidentConsultationSession"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description phone_blocked: the number is blocked under 5.7; phone_unconfirmed: a resident whose phone is not confirmed by SMS code */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Nothing has that id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The slot has started */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Fully booked, or booked already; phone_required: the cabinet has no phone */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: the resident's submissions of the day (REQUESTS_PER_APPLICANT_PER_DAY, web requests, questions and bookings together); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "consultationSessions.held": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                slotId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    note: string;
                    attended?: number;
                };
            };
        };
        responses: {
            /** @description The session */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationSession"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Nothing has that id and slotId */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The slot has not started yet */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "reports.export": {
        parameters: {
            query: {
                /** @description Only this Classifier category (code). */
                category?: string;
                /** @description Only this administrative district. */
                district?: string;
                /** @description Only this executor (an executor user always gets its own). */
                executor?: string;
                /** @description Only requests in this status now (e.g. in_progress, closed). */
                status?: string;
                /** @description The first Kyiv day of registration, YYYY-MM-DD. */
                from: string;
                /** @description The last Kyiv day of registration, YYYY-MM-DD (included). */
                to: string;
                /** @description json, csv (UTF-8 with BOM) or xlsx. */
                format?: "json" | "csv" | "xlsx";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The rows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestExport"];
                    "text/csv": string;
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                };
            };
            /** @description A period ending before it starts, or longer than 366 days (naming `query.to`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An executor asked for another executor's requests */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An export of the same user is still running (on any gateway replica): `export_running`, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "reports.get": {
        parameters: {
            query?: {
                /** @description A day, YYYY-MM-DD (daily reports); today in Kyiv when left out. */
                date?: string;
                /** @description An ISO week, YYYY-Www (weekly reports); the current week when left out. */
                week?: string;
                /** @description A month, YYYY-MM (monthly reports; 9.2.2 monthly); the current month when left out. */
                month?: string;
                /** @description Only this administrative district. */
                district?: string;
                /** @description Only this executor (an executor user always gets its own). */
                executor?: string;
                /** @description json, csv (UTF-8 with BOM) or xlsx. */
                format?: "json" | "csv" | "xlsx";
            };
            header?: never;
            path: {
                /** @description Which report: daily-by-category (9.1.1), weekly-by-district (9.1.2), monthly-topics (9.1.3.1), overdue-by-executor (9.2.1), ineffective-executors (9.2.2), daily-indicators (10.4). */
                report: "daily-by-category" | "weekly-by-district" | "monthly-topics" | "overdue-by-executor" | "ineffective-executors" | "daily-indicators";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Report"];
                    "text/csv": string;
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An executor asked for another report or another executor */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Nothing has that report */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "spotChecks.today": {
        parameters: {
            query?: {
                /** @description Another working day's list (YYYY-MM-DD); today in Kyiv when left out. */
                date?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The day's sample */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SpotCheckList"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "public.requestStatus": {
        parameters: {
            query: {
                phone: string;
            };
            header?: never;
            path: {
                number: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The request’s status */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicRequestStatus"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No request with this number and phone */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many look-ups from this address (RATE_LIMIT_AUTH_PER_IP), too many wrong phones for this number from this address (RATE_LIMIT_AUTH_PER_ACCOUNT) or from all addresses together (RATE_LIMIT_LOOKUP_PER_NUMBER), within RATE_LIMIT_WINDOW_SECONDS; the right phone counts against neither of the last two. See Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "ui.config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The links */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UiConfig"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "codec.decode": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CodecPayloads"];
            };
        };
        responses: {
            /** @description The payloads, decrypted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CodecPayloadsOutput"];
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A payload names a key id this deployment does not hold, or does not authenticate */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "staffSession.open": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cookie is set */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        expiresAt: string;
                    };
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in, or the token expired */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role may not do this, or the request is not yours */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "staffSession.close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cookie is cleared */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        ok: true;
                    };
                };
            };
            /** @description Invalid input: details.fields names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
